import { fail, redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Actions, PageServerLoad } from "./$types";

export type WaitlistEntry = {
  id: string;
  windowStart: string;
  windowEnd: string;
  durationMin: number;
  purpose: string;
  status: "WAITING" | "OFFERED" | "BOOKED" | "LAPSED" | "CANCELLED";
  offerBookingId: string | null;
  resource: { code: string; nameZh: string; nameEn: string };
};

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const list = must(await createUntypedApi(event).get<{ items: WaitlistEntry[] }>("/waitlist", { limit: 50 }), event);
  return { entries: list.items, joined: event.url.searchParams.has("joined") };
};

const act =
  (path: (id: string) => string, method: "post" | "delete", done: string) =>
  async (event: Parameters<Actions[string]>[0]) => {
    const id = String((await event.request.formData()).get("id") ?? "");
    const api = createUntypedApi(event);
    const result = method === "post" ? await api.post(path(id)) : await api.delete(path(id));
    if (!result.ok) return fail(result.status, { error: result.problem.detail ?? result.problem.code });
    return { done };
  };

export const actions: Actions = {
  accept: act((id) => `/waitlist/${id}/accept`, "post", "accepted"),
  decline: act((id) => `/waitlist/${id}/decline`, "post", "declined"),
  leave: act((id) => `/waitlist/${id}`, "delete", "left"),
};
