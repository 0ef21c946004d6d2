import { fail, redirect } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { fromShanghai } from "$lib/format";
import type { Page, TrainingRequest } from "$lib/types";
import { QUALIFICATION_REQUEST_STATUSES } from "@zhongshi/api/enums";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const status = event.url.searchParams.get("status") ?? "";
  const page = must(
    await createUntypedApi(event).get<Page<TrainingRequest>>("/training-requests", {
      status: (QUALIFICATION_REQUEST_STATUSES as readonly string[]).includes(status) ? status : undefined,
      limit: 100,
    }),
    event,
  );
  // Own requests are in the member's page; the workspace shows the facility's.
  const me = event.locals.me!;
  return { requests: page.items.filter((r) => r.userId !== me.userId || me.isAdmin), status };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

const decide = async (
  event: Parameters<Actions[string]>[0],
  action: "schedule" | "grant" | "decline",
  build: (form: FormData) => Record<string, unknown> | string,
) => {
  const form = await event.request.formData();
  const id = text(form, "id");
  const body = build(form);
  if (typeof body === "string") return fail(400, { id, problem: body });
  const result = await createUntypedApi(event).post(`/training-requests/${encodeURIComponent(id)}/${action}`, body);
  if (!result.ok) return fail(result.status, { id, problem: result.problem.detail ?? result.problem.code });
  redirect(303, `/manage/training?done=${id}`);
};

export const actions: Actions = {
  schedule: (event) =>
    decide(event, "schedule", (form) => {
      const date = text(form, "date");
      const time = text(form, "time") || "09:00";
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return "date: YYYY-MM-DD";
      return { scheduledFor: fromShanghai(date, time), ...(text(form, "note") ? { note: text(form, "note") } : {}) };
    }),
  grant: (event) =>
    decide(event, "grant", (form) => {
      const expires = text(form, "expires");
      if (expires && !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return "expires: YYYY-MM-DD";
      return { expiresAt: expires ? fromShanghai(expires, "23:59") : null };
    }),
  decline: (event) =>
    decide(event, "decline", (form) => (text(form, "note") ? { note: text(form, "note") } : "reason required")),
};
