import { fail, redirect } from "@sveltejs/kit";
import { call, callNoContent, createApi, must } from "$lib/server/api";
import { failFrom, problemFieldErrors, text, valuesOf } from "$lib/server/admin-forms";
import { fieldMessage, localProblem, shownProblem, type ShownProblem } from "$lib/problem-message";
import { currentLanguage } from "$lib/i18n";
import { CALENDAR_DAY_KINDS } from "@zhongshi/api/enums";
import type { Actions, PageServerLoad } from "./$types";

const DAY_FIELDS = ["date", "kind", "nameZh", "nameEn", "source"] as const;

const yearOf = (url: URL) => {
  const year = Number(url.searchParams.get("year") ?? new Date().getFullYear() + 1);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : new Date().getFullYear();
};

export const load: PageServerLoad = async (event) => {
  const year = yearOf(event.url);
  const calendar = must(await call(createApi(event).calendar[":year"].$get({ param: { year: String(year) } })), event);
  const editDate = event.url.searchParams.get("edit");
  const removeDate = event.url.searchParams.get("remove");
  return {
    year,
    calendar,
    editing: calendar.days.find((d) => d.date === editDate) ?? null,
    removing: calendar.days.find((d) => d.date === removeDate) ?? null,
  };
};

export const actions: Actions = {
  save: async (event) => {
    const values = valuesOf(await event.request.formData(), DAY_FIELDS);
    const { date = "", kind = "", nameZh = "", nameEn = "", source = "" } = values;
    // The portal's own checks, worded like the API's field errors (the form's inputs make them rare).
    const language = currentLanguage();
    const none: ShownProblem | null = null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      const error = { path: "date", code: "invalid_format", params: { format: "date" }, message: "" };
      return fail(400, { values, errors: { date: fieldMessage(error, language) }, problem: none });
    }
    const dayKind = CALENDAR_DAY_KINDS.find((k) => k === kind);
    if (!dayKind) {
      const error = { path: "kind", code: "invalid_value", message: "" };
      return fail(400, { values, errors: { kind: fieldMessage(error, language) }, problem: none });
    }
    const result = await call(
      createApi(event).calendar.days[":date"].$put({
        param: { date },
        json: { kind: dayKind, nameZh, nameEn, source },
      }),
    );
    if (!result.ok) return failFrom(result, values);
    redirect(303, `/admin/calendar?year=${date.slice(0, 4)}&saved=${date}`);
  },
  remove: async (event) => {
    const form = await event.request.formData();
    const date = text(form, "date");
    const result = await callNoContent(createApi(event).calendar.days[":date"].$delete({ param: { date } }));
    if (!result.ok && result.status !== 404) return failFrom(result, { date });
    redirect(303, `/admin/calendar?year=${date.slice(0, 4)}&removed=${date}`);
  },
  import: async (event) => {
    const form = await event.request.formData();
    const year = Number(text(form, "year"));
    const file = form.get("file");
    const pasted = text(form, "content");
    const content = file instanceof File && file.size > 0 ? await file.text() : pasted;
    const format =
      file instanceof File && file.name.toLowerCase().endsWith(".json")
        ? "json"
        : text(form, "format") === "json"
          ? "json"
          : "csv";
    const values = { content: pasted, format };
    if (!content) {
      const problem = localProblem({ path: "content", code: "too_small", params: { origin: "string", minimum: 1 } });
      return fail(400, { values, errors: problemFieldErrors(problem), problem, imported: false });
    }
    const result = await call(
      createApi(event).calendar[":year"].import.$post({ param: { year: String(year) }, json: { format, content } }),
    );
    if (!result.ok) {
      // Each refused line is shown in the user's language from its code and params (the page names the line).
      return fail(result.status, {
        values,
        errors: problemFieldErrors(result.problem),
        problem: shownProblem(result.problem),
        imported: false,
      });
    }
    redirect(303, `/admin/calendar?year=${year}&imported=1`);
  },
};
