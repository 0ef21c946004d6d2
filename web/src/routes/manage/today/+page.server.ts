import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { decide } from "$lib/server/decide";
import type { Booking, Page } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createUntypedApi(event);
  const now = Date.now();
  const window = { from: new Date(now - 24 * 3600_000).toISOString(), to: new Date(now + 48 * 3600_000).toISOString() };
  const [approved, checkedIn] = await Promise.all([
    api.get<Page<Booking>>("/bookings", { scope: "facility", status: "APPROVED", sort: "start", limit: 50, ...window }),
    api.get<Page<Booking>>("/bookings", { scope: "facility", status: "CHECKED_IN", sort: "start", limit: 50 }),
  ]);
  return {
    approved: must(approved, event).items.filter((b) => b.kind === "BOOKING"),
    checkedIn: must(checkedIn, event).items,
  };
};

export const actions: Actions = {
  checkIn: (event) => decide(event, "check-in"),
  checkOut: (event) => decide(event, "check-out"),
  noShow: (event) => decide(event, "no-show"),
};
