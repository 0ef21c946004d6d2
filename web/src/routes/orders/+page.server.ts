import { redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import { ORDER_STATUSES } from "$lib/orders";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const params = event.url.searchParams;
  const status = ORDER_STATUSES.find((s) => s === params.get("status"));
  const cursor = params.get("cursor");
  const page = must(
    await call(
      createApi(event).orders.$get({
        query: { scope: "organization", limit: "20", ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) },
      }),
    ),
    event,
  );
  return { orders: page.items, nextCursor: page.nextCursor, status: status ?? "" };
};
