import { fail } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { failFields, failFrom, valuesOf } from "$lib/server/admin-forms";
import { renameFenErrors, RESOURCE_FIELDS, resourceBody, resourceValues } from "$lib/server/resource-form";
import type { Resource } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const resource = must(
    await createUntypedApi(event).get<Resource>(`/resources/${encodeURIComponent(event.params.code)}`),
    event,
  );
  return { resource, initial: resourceValues(resource), created: event.url.searchParams.has("created") };
};

export const actions: Actions = {
  default: async (event) => {
    const api = createUntypedApi(event);
    const values = valuesOf(await event.request.formData(), RESOURCE_FIELDS);
    const { errors, body } = resourceBody(values);
    if (Object.keys(errors).length) return failFields(values, errors);
    // Retiring ends all future booking of the resource: it happens only once confirmed.
    if (body.status === "RETIRED" && values.confirmed !== "1") {
      const current = must(await api.get<Resource>(`/resources/${encodeURIComponent(event.params.code)}`), event);
      if (current.status !== "RETIRED") return fail(409, { values, errors: {}, problem: "", needsConfirm: true });
    }
    const result = await api.patch(`/resources/${encodeURIComponent(event.params.code)}`, body);
    if (!result.ok) return failFrom(result, values, renameFenErrors);
    return { values, saved: true };
  },
};
