import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { failFrom, valuesOf } from "$lib/server/admin-forms";
import type { Organization, Page } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q") ?? "";
  const page = must(await createUntypedApi(event).get<Page<Organization>>("/organizations", { q, limit: 100 }), event);
  return { organizations: page.items, q };
};

export const actions: Actions = {
  create: async (event) => {
    const values = valuesOf(await event.request.formData(), ["kind", "nameZh", "nameEn", "uscc"]);
    values.uscc = (values.uscc ?? "").toUpperCase();
    const result = await createUntypedApi(event).post("/organizations", { ...values, uscc: values.uscc || undefined });
    if (!result.ok) return failFrom(result, values);
    return { created: values.nameZh };
  },
};
