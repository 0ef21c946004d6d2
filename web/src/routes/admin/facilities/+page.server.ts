import { error } from "@sveltejs/kit";
import { m } from "$lib/paraglide/messages";
import { call, createApi, must } from "$lib/server/api";
import {
  choice,
  failFields,
  failFrom,
  hoursFieldNames,
  openingHoursValues,
  readOpeningHours,
  valuesOf,
  type FieldErrors,
} from "$lib/server/admin-forms";
import { FACILITY_KINDS } from "@zhongshi/api/enums";
import type { Actions, PageServerLoad } from "./$types";

const FIELDS = ["code", "kind", "nameZh", "nameEn", "summaryZh", "summaryEn", ...hoursFieldNames] as const;

export const load: PageServerLoad = async (event) => {
  const facilities = must(await call(createApi(event).facilities.$get()), event).items;
  const code = event.url.searchParams.get("edit");
  const editing = code ? facilities.find((facility) => facility.code === code) : undefined;
  if (code && !editing) error(404, { message: code, code: "NOT_FOUND" });
  const current = editing
    ? {
        code: editing.code,
        kind: editing.kind,
        nameZh: editing.nameZh,
        nameEn: editing.nameEn,
        summaryZh: editing.summaryZh,
        summaryEn: editing.summaryEn,
        ...openingHoursValues(editing.openingHours),
      }
    : null;
  return { facilities, editing: current };
};

const read = async (request: Request) => {
  const values = valuesOf(await request.formData(), FIELDS);
  const errors: FieldErrors = {};
  const openingHours = readOpeningHours(values, errors, m.admin_hours_invalid());
  const body = {
    kind: choice(values, errors, "kind", FACILITY_KINDS),
    nameZh: values.nameZh,
    nameEn: values.nameEn,
    summaryZh: values.summaryZh,
    summaryEn: values.summaryEn,
    openingHours,
  };
  return { values, errors, body };
};

export const actions: Actions = {
  create: async (event) => {
    const { values, errors, body } = await read(event.request);
    if (Object.keys(errors).length || !body.kind) return failFields(values, errors);
    const result = await call(
      createApi(event).facilities.$post({ json: { ...body, code: values.code, kind: body.kind } }),
    );
    if (!result.ok) return failFrom(result, values);
    return { created: values.code };
  },
  update: async (event) => {
    const { values, errors, body } = await read(event.request);
    if (Object.keys(errors).length) return failFields(values, errors);
    const result = await call(
      createApi(event).facilities[":code"].$patch({ param: { code: values.code }, json: body }),
    );
    if (!result.ok) return failFrom(result, values);
    return { saved: values.code };
  },
};
