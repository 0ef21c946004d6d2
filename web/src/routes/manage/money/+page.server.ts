import { fail } from "@sveltejs/kit";
import { call, createApi, must } from "$lib/server/api";
import { field, loadIncome, monthsAgo, send, yuanToFen } from "$lib/server/money";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const { managed } = await event.parent();
  const api = createApi(event);
  const facilityIds = new Set(managed.map((f) => f.id));
  const [disputes, statements, income] = await Promise.all([
    call(api.charges.$get({ query: { status: "DISPUTED", limit: "100" } })),
    call(api.statements.$get({ query: { limit: "50" } })),
    loadIncome(event, { months: 12 }),
  ]);
  return {
    disputes: must(disputes, event).items.filter((c) => facilityIds.has(c.facilityId)),
    statements: must(statements, event).items.filter((s) => facilityIds.has(s.facilityId)),
    income,
    lastMonth: monthsAgo(1),
  };
};

export const actions: Actions = {
  resolve: async (event) => {
    const form = await event.request.formData();
    const resolution = field(form, "resolution") === "adjust" ? "adjust" : "reject";
    const reason = field(form, "reason");
    if (!reason) return fail(400, { action: "resolve", code: "REASON_MISSING" });
    const adjustmentFen = resolution === "adjust" ? yuanToFen(field(form, "adjustment")) : undefined;
    if (resolution === "adjust" && !adjustmentFen) return fail(400, { action: "resolve", code: "AMOUNT_INVALID" });
    return send(
      event,
      "resolve",
      createApi(event).charges[":id"].resolve.$post({
        param: { id: field(form, "id") },
        json: { resolution, reason, ...(adjustmentFen ? { adjustmentFen } : {}) },
      }),
    );
  },
  issue: async (event) => {
    const form = await event.request.formData();
    return send(event, "issue", createApi(event).statements.issue.$post({ json: { period: field(form, "period") } }));
  },
};
