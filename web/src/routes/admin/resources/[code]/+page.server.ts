import { fail } from "@sveltejs/kit";
import { call, createApi, must } from "$lib/server/api";
import { failFields, failFrom, valuesOf } from "$lib/server/admin-forms";
import { renameFenErrors, RESOURCE_FIELDS, resourceBody, resourceValues } from "$lib/server/resource-form";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const resource = must(await call(createApi(event).resources[":code"].$get({ param: event.params })), event);
  return { resource, initial: resourceValues(resource), created: event.url.searchParams.has("created") };
};

export const actions: Actions = {
  default: async (event) => {
    const resource = createApi(event).resources[":code"];
    const param = { code: event.params.code };
    const values = valuesOf(await event.request.formData(), RESOURCE_FIELDS);
    const { errors, body } = resourceBody(values);
    if (Object.keys(errors).length) return failFields(values, errors);
    // Retiring ends all future booking of the resource: it happens only once confirmed.
    if (body.status === "RETIRED" && values.confirmed !== "1") {
      const current = must(await call(resource.$get({ param })), event);
      if (current.status !== "RETIRED") return fail(409, { values, errors: {}, problem: null, needsConfirm: true });
    }
    const result = await call(resource.$patch({ param, json: body }));
    if (!result.ok) return failFrom(result, values, renameFenErrors);
    return { values, saved: true };
  },
};
