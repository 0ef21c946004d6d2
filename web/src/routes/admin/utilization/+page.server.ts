import { call, createApi, must } from "$lib/server/api";
import { loadIncome } from "$lib/server/money";
import { shanghaiDate } from "$lib/format";
import { RESOURCE_KINDS, type ResourceKind } from "$lib/types";
import type { PageServerLoad } from "./$types";

const PERIODS = ["day", "week", "month", "year"] as const;
type Period = (typeof PERIODS)[number];
const isPeriod = (value: string | null): value is Period => (PERIODS as readonly (string | null)[]).includes(value);
const isKind = (value: string | null): value is ResourceKind =>
  (RESOURCE_KINDS as readonly (string | null)[]).includes(value);
const isDate = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const kind = params.get("kind");
  const period = params.get("period");
  const today = shanghaiDate(new Date());
  const defaultFrom = `${Number(today.slice(0, 4)) - (today.slice(5, 7) <= "03" ? 1 : 0)}-${String(((Number(today.slice(5, 7)) + 8) % 12) + 1).padStart(2, "0")}-01`;
  const filters = {
    from: isDate(params.get("from")) ? params.get("from")! : defaultFrom,
    to: isDate(params.get("to")) ? params.get("to")! : shanghaiDate(new Date(Date.now() + 31 * 86400_000)),
    facility: params.get("facility") ?? "",
    kind: isKind(kind) ? kind : undefined,
    period: isPeriod(period) ? period : "week",
  };
  const query = {
    from: filters.from,
    to: filters.to,
    facility: filters.facility || undefined,
    kind: filters.kind,
  };
  const api = createApi(event);
  const [facilities, summary, utilization, heatmap, income] = await Promise.all([
    call(api.facilities.$get()),
    call(api.analytics.summary.$get({ query })),
    call(api.analytics.utilization.$get({ query: { ...query, groupBy: "facility", period: filters.period } })),
    call(api.analytics.heatmap.$get({ query })),
    loadIncome(event, { from: filters.from, to: filters.to }),
  ]);
  const exportQuery = new URLSearchParams(
    Object.entries({ ...query, period: filters.period }).filter((entry): entry is [string, string] => !!entry[1]),
  ).toString();
  return {
    filters,
    facilities: must(facilities, event).items,
    utilization: must(utilization, event),
    // Each panel stands alone: one failing report must not take the whole dashboard down.
    summary: summary.ok ? summary.data : null,
    heatmap: heatmap.ok ? heatmap.data : null,
    income,
    exportQuery,
  };
};
