import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import { decide } from "$lib/server/decide";
import { BOOKING_STATUSES } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const api = createApi(event);
  const statusParam = event.url.searchParams.get("filter") ?? "";
  const status = BOOKING_STATUSES.find((s) => s === statusParam);
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  const [bookings, feed] = await Promise.all([
    call(api.bookings.$get({ query: { scope: "mine", status, sort: "-created", limit: "20", cursor } })),
    call(api.feeds.me.$get()),
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
  /** A new secret feed URL; the old one stops at once, so the page asks first. */
  rotateFeed: async (event) => {
    const form = await event.request.formData();
    if (form.get("confirmed") !== "1") return { confirmAccount: "rotate" as const };
    const result = await call(createApi(event).feeds.me.rotate.$post());
    if (!result.ok) return fail(result.status, { failed: { code: result.problem.code } });
    return { rotated: true };
  },
  signOutEverywhere: async () => ({ confirmAccount: "everywhere" as const }),
};
