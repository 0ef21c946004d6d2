import { call, createApi, must } from "$lib/server/api";
import { failFrom } from "$lib/server/admin-forms";
import { certificationBodyValues, editableBody, valuesOfBody } from "$lib/server/certification-body-form";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const body = must(
    await call(createApi(event)["certification-bodies"][":code"].$get({ param: { code: event.params.code } })),
    event,
  );
  return { body, initial: valuesOfBody(body) };
};

export const actions: Actions = {
  default: async (event) => {
    const values = { ...certificationBodyValues(await event.request.formData()), code: event.params.code };
    const result = await call(
      createApi(event)["certification-bodies"][":code"].$patch({
        param: { code: event.params.code },
        json: editableBody(values),
      }),
    );
    if (!result.ok) return failFrom(result, values);
    return { values, saved: true };
  },
};
