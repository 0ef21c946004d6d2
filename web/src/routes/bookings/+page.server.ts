import { redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { decide } from "$lib/server/decide";
import { BOOKING_STATUSES, type Booking, type BookingStatus, type Page } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const api = createUntypedApi(event);
  const statusParam = event.url.searchParams.get("filter") ?? "";
  const status = (BOOKING_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as BookingStatus)
    : undefined;
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  const [bookings, feed] = await Promise.all([
    api.get<Page<Booking>>("/bookings", { scope: "mine", status, sort: "-created", limit: 20, cursor }),
    api.get<{ url: string }>("/feeds/me"),
  ]);
  const page = must(bookings, event);
  return {
    bookings: page.items,
    nextCursor: page.nextCursor,
    status: status ?? "",
    feedUrl: feed.ok ? new URL(feed.data.url, event.url.origin).toString() : null,
    created: event.url.searchParams.get("created")
      ? { id: event.url.searchParams.get("created"), status: event.url.searchParams.get("status") }
      : null,
  };
};

export const actions: Actions = {
  cancel: (event) => decide(event, "cancel", { confirm: true }),
};
