import { fail } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { field, send, yuanToFen } from "$lib/server/money";
import type { Charge, Income, Statement } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

/** 'YYYY-MM' of the month `back` months before the current one, in Asia/Shanghai. */
const monthsAgo = (back: number) => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
};

export const load: PageServerLoad = async (event) => {
  const { managed } = await event.parent();
  const api = createUntypedApi(event);
  const facilityIds = new Set(managed.map((f) => f.id));
  const [disputes, statements, income] = await Promise.all([
    api.get<{ items: Charge[] }>("/charges", { status: "DISPUTED", limit: 100 }),
    api.get<{ items: Statement[] }>("/statements", { limit: 50 }),
    api.get<Income>("/analytics/income", { from: monthsAgo(11), to: monthsAgo(-1) }),
  ]);
  return {
    disputes: must(disputes, event).items.filter((c) => facilityIds.has(c.facilityId)),
    statements: must(statements, event).items.filter((s) => facilityIds.has(s.facilityId)),
    income: must(income, event),
    lastMonth: monthsAgo(1),
  };
};

export const actions: Actions = {
  resolve: async (event) => {
    const form = await event.request.formData();
    const resolution = field(form, "resolution") === "adjust" ? "adjust" : "reject";
    const reason = field(form, "reason");
    if (!reason) return fail(400, { action: "resolve", code: "REASON_MISSING", detail: "" });
    const adjustmentFen = resolution === "adjust" ? yuanToFen(field(form, "adjustment")) : undefined;
    if (resolution === "adjust" && !adjustmentFen)
      return fail(400, { action: "resolve", code: "AMOUNT_INVALID", detail: "" });
    return send(event, "resolve", "post", `/charges/${encodeURIComponent(field(form, "id"))}/resolve`, {
      resolution,
      reason,
      ...(adjustmentFen ? { adjustmentFen } : {}),
    });
  },
  issue: async (event) => {
    const form = await event.request.formData();
    return send(event, "issue", "post", "/statements/issue", { period: field(form, "period") });
  },
};
