import { call, createApi, failWith, must } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

const STATES = ["PENDING", "SENT", "PARKED"] as const;

export const load: PageServerLoad = async (event) => {
  const state = STATES.find((s) => s === event.url.searchParams.get("state"));
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  const api = createApi(event);
  const [parked, deliveries] = await Promise.all([
    call(api.outbox.parked.$get()),
    call(api.deliveries.$get({ query: { state, cursor, limit: "50" } })),
  ]);
  return {
    state: state ?? "",
    parkedMessages: parked.ok ? parked.data.items : [],
    deliveries: must(deliveries, event),
  };
};

export const actions: Actions = {
  retry: async (event) => {
    const id = String((await event.request.formData()).get("id") ?? "");
    const result = await call(createApi(event).deliveries[":id"].retry.$post({ param: { id } }));
    if (!result.ok) return failWith(result, {});
    return { retried: id };
  },
};
