import { fail, redirect } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { FairUseView, Page } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

type Rule = FairUseView["effective"];
type Suspension = { id: string; organizationId: string; facilityId: string; endsAt: string; reason: string };

const RULE_FIELDS = [
  "quotaPeriod",
  "quotaHours",
  "quotaBookings",
  "lateCancelHours",
  "noShowGraceMin",
  "noShowLimit",
  "noShowWindowDays",
  "suspensionDays",
] as const;

export const load: PageServerLoad = async (event) => {
  const { managed } = await event.parent();
  const api = createUntypedApi(event);
  const rules = await Promise.all(
    managed.map(async (f) => ({
      facility: f,
      rule: must(await api.get<Rule>(`/facilities/${encodeURIComponent(f.code)}/fair-use`), event),
    })),
  );
  const suspensions = must(await api.get<Page<Suspension>>("/suspensions", { active: "true", limit: 100 }), event);
  return { rules, suspensions: suspensions.items, lift: event.url.searchParams.get("lift") };
};

const numberOrNull = (value: FormDataEntryValue | null) => {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
};

export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const code = String(form.get("code") ?? "");
    const period = String(form.get("quotaPeriod") ?? "");
    const body = {
      quotaPeriod: period === "WEEK" || period === "MONTH" ? period : null,
      ...Object.fromEntries(RULE_FIELDS.slice(1).map((f) => [f, numberOrNull(form.get(f))])),
    };
    const result = await createUntypedApi(event).put(`/facilities/${encodeURIComponent(code)}/fair-use`, body);
    if (!result.ok) return fail(result.status, { code, problem: result.problem.detail ?? result.problem.code });
    redirect(303, `/manage/fair-use?saved=${code}`);
  },
  lift: async (event) => {
    const id = String((await event.request.formData()).get("id") ?? "");
    const result = await createUntypedApi(event).post(`/suspensions/${encodeURIComponent(id)}/lift`);
    if (!result.ok) return fail(result.status, { code: "", problem: result.problem.detail ?? result.problem.code });
    redirect(303, "/manage/fair-use?lifted=1");
  },
};
