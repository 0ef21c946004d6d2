import { fail, redirect } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { failFrom, problemFieldErrors, text, valuesOf } from "$lib/server/admin-forms";
import type { CalendarYear } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

const DAY_FIELDS = ["date", "kind", "nameZh", "nameEn", "source"] as const;

const yearOf = (url: URL) => {
  const year = Number(url.searchParams.get("year") ?? new Date().getFullYear() + 1);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : new Date().getFullYear();
};

export const load: PageServerLoad = async (event) => {
  const year = yearOf(event.url);
  const calendar = must(await createUntypedApi(event).get<CalendarYear>(`/calendar/${year}`), event);
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
    const { date, ...body } = values;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? "")) {
      return fail(400, { values, errors: { date: "YYYY-MM-DD" }, problem: "" });
    }
    const result = await createUntypedApi(event).put(`/calendar/days/${date}`, body);
    if (!result.ok) return failFrom(result, values);
    redirect(303, `/admin/calendar?year=${date!.slice(0, 4)}&saved=${date}`);
  },
  remove: async (event) => {
    const form = await event.request.formData();
    const date = text(form, "date");
    const result = await createUntypedApi(event).delete(`/calendar/days/${date}`);
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
    if (!content) return fail(400, { values, errors: { content: "required" }, problem: "", importErrors: [] });
    const result = await createUntypedApi(event).post(`/calendar/${year}/import`, { format, content });
    if (!result.ok) {
      const errors = result.problem.errors ?? [];
      return fail(result.status, {
        values,
        errors: problemFieldErrors(result.problem),
        problem: result.problem.detail ?? result.problem.code,
        importErrors: errors,
      });
    }
    redirect(303, `/admin/calendar?year=${year}&imported=1`);
  },
};
