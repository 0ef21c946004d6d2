import { redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { ORDER_STATUSES, type OrderAnalytics, type OrderListItem } from "$lib/orders";
import type { PageServerLoad } from "./$types";

const monthsAgo = (n: number) => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return new Date(
    `${new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)).toISOString().slice(0, 10)}T00:00:00+08:00`,
  );
};

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const params = event.url.searchParams;
  const filters = {
    status: (ORDER_STATUSES as string[]).includes(params.get("status") ?? "") ? params.get("status")! : "",
    service: params.get("service")?.trim().slice(0, 64) ?? "",
    body: params.get("body")?.trim().slice(0, 64) ?? "",
    q: params.get("q")?.trim().slice(0, 100) ?? "",
  };
  const api = createUntypedApi(event);
  const list = await api.get<{ items: OrderListItem[]; nextCursor: string | null }>("/orders", {
    scope: "board",
    ...filters,
    cursor: params.get("cursor") ?? undefined,
    limit: 50,
  });
  if (!list.ok && list.status === 403) return { forbidden: true as const, filters };
  const page = must(list, event);
  const period = { from: monthsAgo(11).toISOString(), to: monthsAgo(-1).toISOString() };
  const analytics = await api.get<OrderAnalytics>("/order-analytics", period);
  return {
    forbidden: false as const,
    filters,
    orders: page.items,
    nextCursor: page.nextCursor,
    analytics: analytics.ok ? analytics.data : null,
    exportUrl: `/api/v1/order-analytics/export.csv?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`,
  };
};
