import { call, createApi, must } from "$lib/server/api";
import { decide } from "$lib/server/decide";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const query = { scope: "facility", status: "PENDING", sort: "start", limit: "50" } as const;
  const queue = must(await call(createApi(event).bookings.$get({ query })), event);
  return { queue: queue.items };
};

export const actions: Actions = {
  approve: (event) => decide(event, "approve"),
  reject: (event) => decide(event, "reject", { confirm: true, requireReason: true }),
};
