import { redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import { ORDER_STATUSES } from "$lib/orders";
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
  const status = ORDER_STATUSES.find((s) => s === params.get("status"));
  const filters = {
    status: status ?? "",
    service: params.get("service")?.trim().slice(0, 64) ?? "",
    body: params.get("body")?.trim().slice(0, 64) ?? "",
    q: params.get("q")?.trim().slice(0, 100) ?? "",
  };
  const cursor = params.get("cursor");
  const api = createApi(event);
  const list = await call(
    api.orders.$get({
      query: {
        scope: "board",
        limit: "50",
        ...(status ? { status } : {}),
        ...(filters.service ? { service: filters.service } : {}),
        ...(filters.body ? { body: filters.body } : {}),
        ...(filters.q ? { q: filters.q } : {}),
        ...(cursor ? { cursor } : {}),
      },
    }),
  );
  if (!list.ok && list.status === 403) return { forbidden: true as const, filters };
  const page = must(list, event);
  const period = { from: monthsAgo(11).toISOString(), to: monthsAgo(-1).toISOString() };
  const analytics = await call(api["order-analytics"].$get({ query: period }));
  return {
    forbidden: false as const,
    filters,
    orders: page.items,
    nextCursor: page.nextCursor,
    analytics: analytics.ok ? analytics.data : null,
    exportUrl: `/api/v1/order-analytics/export.csv?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`,
  };
};
