import { error, redirect } from "@sveltejs/kit";
import { call, createApi, failWith, must, signInUrl } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

const isInstant = (value: string | null) =>
  !!value && !Number.isNaN(Date.parse(value)) && /[Z+-]\d{0,2}:?\d{0,2}$/.test(value);

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const code = event.url.searchParams.get("resource") ?? "";
  const start = event.url.searchParams.get("start");
  const end = event.url.searchParams.get("end");
  if (!code || !isInstant(start) || !isInstant(end)) error(400, { message: "resource, start and end are required" });
  const resource = must(await call(createApi(event).resources[":code"].$get({ param: { code } })), event);
  return { resource, start: start!, end: end!, purpose: event.url.searchParams.get("purpose") ?? "" };
};

/** The whole local day around the slot, for "any time that day". */
const dayOf = (iso: string) => {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
  const start = new Date(`${local}T00:00:00+08:00`);
  return { start: start.toISOString(), end: new Date(start.getTime() + 86_400_000).toISOString() };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const start = String(form.get("start") ?? "");
    const end = String(form.get("end") ?? "");
    const mode = form.get("mode") === "day" ? "day" : "exact";
    const durationMin = Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
    const window = mode === "day" ? dayOf(start) : { start, end };
    const result = await call(
      createApi(event).waitlist.$post({
        json: {
          resourceId: String(form.get("resourceId") ?? ""),
          start: window.start,
          end: window.end,
          ...(mode === "day" ? { durationMin } : {}),
          purpose: String(form.get("purpose") ?? "").slice(0, 500),
          includeEquivalents: form.get("equivalents") === "on",
        },
      }),
    );
    if (!result.ok) return failWith(result, {});
    redirect(303, "/waitlist?joined=1");
  },
};
