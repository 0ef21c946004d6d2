import { call, createApi, must } from "$lib/server/api";
import { failFrom } from "$lib/server/admin-forms";
import { certificationBodyValues, editableBody } from "$lib/server/certification-body-form";
import type { CertificationBody, Page } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const items: CertificationBody[] = [];
  let cursor: string | null = null;
  do {
    const query = { limit: "100", cursor: cursor ?? undefined };
    const page: Page<CertificationBody> = must(await call(api["certification-bodies"].$get({ query })), event);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 1000);
  return { bodies: items };
};

export const actions: Actions = {
  create: async (event) => {
    const values = certificationBodyValues(await event.request.formData());
    const json = {
      code: values.code,
      uscc: values.uscc,
      nameZh: values.nameZh,
      nameEn: values.nameEn,
      ...editableBody(values),
    };
    const result = await call(createApi(event)["certification-bodies"].$post({ json }));
    if (!result.ok) return failFrom(result, values);
    return { created: values.code };
  },
};
