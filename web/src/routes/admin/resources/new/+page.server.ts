import { redirect } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { failFields, failFrom, valuesOf } from "$lib/server/admin-forms";
import { newResourceValues, renameFenErrors, RESOURCE_FIELDS, resourceBody } from "$lib/server/resource-form";
import type { Facility } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const facilities = must(await createUntypedApi(event).get<{ items: Facility[] }>("/facilities"), event).items;
  return {
    facilities,
    initial: newResourceValues(event.url.searchParams.get("facility") ?? facilities[0]?.code ?? ""),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const values = valuesOf(await event.request.formData(), RESOURCE_FIELDS);
    const { errors, body, units } = resourceBody(values);
    if (Object.keys(errors).length) return failFields(values, errors);
    const result = await createUntypedApi(event).post<{ code: string }>("/resources", {
      facilityCode: values.facilityCode,
      code: values.code,
      kind: values.kind,
      mode: values.mode,
      units,
      ...body,
    });
    if (!result.ok) return failFrom(result, values, renameFenErrors);
    redirect(303, `/admin/resources/${encodeURIComponent(result.data.code)}?created=1`);
  },
};
