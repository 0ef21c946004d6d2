import { redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { ORDER_STATUSES, type OrderListItem } from "$lib/orders";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const params = event.url.searchParams;
  const status = (ORDER_STATUSES as string[]).includes(params.get("status") ?? "") ? params.get("status")! : "";
  const cursor = params.get("cursor") ?? undefined;
  const page = must(
    await createUntypedApi(event).get<{ items: OrderListItem[]; nextCursor: string | null }>("/orders", {
      scope: "organization",
      status,
      cursor,
      limit: 20,
    }),
    event,
  );
  return { orders: page.items, nextCursor: page.nextCursor, status };
};
