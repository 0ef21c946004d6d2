import { call, createApi, must } from "$lib/server/api";
import { choice, failFields, failFrom, valuesOf } from "$lib/server/admin-forms";
import { ORGANIZATION_KINDS } from "@zhongshi/api/enums";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q") ?? "";
  const page = must(await call(createApi(event).organizations.$get({ query: { q, limit: "100" } })), event);
  return { organizations: page.items, q };
};

export const actions: Actions = {
  create: async (event) => {
    const values = valuesOf(await event.request.formData(), ["kind", "nameZh", "nameEn", "uscc"]);
    values.uscc = (values.uscc ?? "").toUpperCase();
    const errors = {};
    const kind = choice(values, errors, "kind", ORGANIZATION_KINDS);
    if (!kind) return failFields(values, errors);
    const json = { kind, nameZh: values.nameZh ?? "", nameEn: values.nameEn ?? "", uscc: values.uscc || undefined };
    const result = await call(createApi(event).organizations.$post({ json }));
    if (!result.ok) return failFrom(result, values);
    return { created: values.nameZh };
  },
};
