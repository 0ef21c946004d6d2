import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { loadIncome } from "$lib/server/money";
import { shanghaiDate } from "$lib/format";
import { RESOURCE_KINDS, type AnalyticsSummary, type Facility, type Heatmap, type Utilization } from "$lib/types";
import type { PageServerLoad } from "./$types";

const PERIODS = ["day", "week", "month", "year"] as const;
const isDate = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const today = shanghaiDate(new Date());
  const defaultFrom = `${Number(today.slice(0, 4)) - (today.slice(5, 7) <= "03" ? 1 : 0)}-${String(((Number(today.slice(5, 7)) + 8) % 12) + 1).padStart(2, "0")}-01`;
  const filters = {
    from: isDate(params.get("from")) ? params.get("from")! : defaultFrom,
    to: isDate(params.get("to")) ? params.get("to")! : shanghaiDate(new Date(Date.now() + 31 * 86400_000)),
    facility: params.get("facility") ?? "",
    kind: (RESOURCE_KINDS as readonly string[]).includes(params.get("kind") ?? "") ? params.get("kind")! : "",
    period: (PERIODS as readonly string[]).includes(params.get("period") ?? "") ? params.get("period")! : "week",
  };
  const query = {
    from: filters.from,
    to: filters.to,
    facility: filters.facility || undefined,
    kind: filters.kind || undefined,
  };
  const api = createUntypedApi(event);
  const [facilities, summary, utilization, heatmap, income] = await Promise.all([
    api.get<{ items: Facility[] }>("/facilities"),
    api.get<AnalyticsSummary>("/analytics/summary", query),
    api.get<Utilization>("/analytics/utilization", { ...query, groupBy: "facility", period: filters.period }),
    api.get<Heatmap>("/analytics/heatmap", query),
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
