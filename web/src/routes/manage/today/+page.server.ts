import { call, createApi, must } from "$lib/server/api";
import { decide } from "$lib/server/decide";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const now = Date.now();
  const window = { from: new Date(now - 24 * 3600_000).toISOString(), to: new Date(now + 48 * 3600_000).toISOString() };
  const facility = { scope: "facility", sort: "start", limit: "50" } as const;
  const [approved, checkedIn] = await Promise.all([
    call(api.bookings.$get({ query: { ...facility, status: "APPROVED", ...window } })),
    call(api.bookings.$get({ query: { ...facility, status: "CHECKED_IN" } })),
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
