import { createApi, must } from "$lib/server/api";
import { failFrom } from "$lib/server/admin-forms";
import { certificationBodyValues, editableBody, valuesOfBody } from "$lib/server/certification-body-form";
import type { CertificationBody } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const body = must(
    await createApi(event).get<CertificationBody>(`/certification-bodies/${encodeURIComponent(event.params.code)}`),
    event,
  );
  return { body, initial: valuesOfBody(body) };
};

export const actions: Actions = {
  default: async (event) => {
    const values = { ...certificationBodyValues(await event.request.formData()), code: event.params.code };
    const result = await createApi(event).patch(
      `/certification-bodies/${encodeURIComponent(event.params.code)}`,
      editableBody(values),
    );
    if (!result.ok) return failFrom(result, values);
    return { values, saved: true };
  },
};
