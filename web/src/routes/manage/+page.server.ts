import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { decide } from "$lib/server/decide";
import type { Booking, Page } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const queue = must(
    await createUntypedApi(event).get<Page<Booking>>("/bookings", {
      scope: "facility",
      status: "PENDING",
      sort: "start",
      limit: 50,
    }),
    event,
  );
  return { queue: queue.items };
};

export const actions: Actions = {
  approve: (event) => decide(event, "approve"),
  reject: (event) => decide(event, "reject", { confirm: true, requireReason: true }),
};
