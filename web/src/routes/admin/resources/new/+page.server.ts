import { redirect } from "@sveltejs/kit";
import { call, createApi, must } from "$lib/server/api";
import { choice, failFields, failFrom, valuesOf } from "$lib/server/admin-forms";
import { RESOURCE_KINDS, RESOURCE_MODES } from "@zhongshi/api/enums";
import { newResourceValues, renameFenErrors, RESOURCE_FIELDS, resourceBody } from "$lib/server/resource-form";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const facilities = must(await call(createApi(event).facilities.$get()), event).items;
  return {
    facilities,
    initial: newResourceValues(event.url.searchParams.get("facility") ?? facilities[0]?.code ?? ""),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const values = valuesOf(await event.request.formData(), RESOURCE_FIELDS);
    const { errors, body, units } = resourceBody(values);
    const kind = choice(values, errors, "kind", RESOURCE_KINDS);
    const mode = choice(values, errors, "mode", RESOURCE_MODES);
    if (Object.keys(errors).length || !kind || !mode) return failFields(values, errors);
    const result = await call(
      createApi(event).resources.$post({
        json: {
          facilityCode: values.facilityCode,
          code: values.code,
          kind,
          mode,
          units,
          ...body,
        },
      }),
    );
    if (!result.ok) return failFrom(result, values, renameFenErrors);
    redirect(303, `/admin/resources/${encodeURIComponent(result.data.code)}?created=1`);
  },
};
