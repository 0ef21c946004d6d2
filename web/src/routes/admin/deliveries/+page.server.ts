import { fail } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Actions, PageServerLoad } from "./$types";

type Deliveries = {
  items: {
    id: string;
    channel: "EMAIL" | "WEBHOOK";
    topic: string;
    recipient: string;
    subject: string | null;
    attempts: number;
    state: "PENDING" | "SENT" | "PARKED";
    lastError: string | null;
    lastStatus: number | null;
    createdAt: string;
  }[];
  nextCursor: string | null;
};

export const load: PageServerLoad = async (event) => {
  const state = event.url.searchParams.get("state") ?? "";
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  const api = createUntypedApi(event);
  const parked = await api.get<{
    items: { id: string; topic: string; attempts: number; lastError: string | null; createdAt: string }[];
  }>("/outbox/parked");
  return {
    state,
    parkedMessages: parked.ok ? parked.data.items : [],
    deliveries: must(await api.get<Deliveries>("/deliveries", { state, cursor, limit: 50 }), event),
  };
};

export const actions: Actions = {
  retry: async (event) => {
    const id = String((await event.request.formData()).get("id") ?? "");
    const result = await createUntypedApi(event).post(`/deliveries/${encodeURIComponent(id)}/retry`);
    if (!result.ok) return fail(result.status, { detail: result.problem.detail ?? result.problem.code });
    return { retried: id };
  },
};
