import { createApi, must } from "$lib/server/api";
import { failFrom } from "$lib/server/admin-forms";
import { certificationBodyValues, editableBody } from "$lib/server/certification-body-form";
import type { CertificationBody, Page } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const items: CertificationBody[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<CertificationBody> = must(
      await api.get<Page<CertificationBody>>("/certification-bodies", { limit: 100, cursor }),
      event,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 1000);
  return { bodies: items };
};

export const actions: Actions = {
  create: async (event) => {
    const values = certificationBodyValues(await event.request.formData());
    const result = await createApi(event).post("/certification-bodies", {
      code: values.code,
      uscc: values.uscc,
      nameZh: values.nameZh,
      nameEn: values.nameEn,
      ...editableBody(values),
    });
    if (!result.ok) return failFrom(result, values);
    return { created: values.code };
  },
};
