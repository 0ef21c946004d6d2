import { redirect } from "@sveltejs/kit";
import { call, createApi, failWith, must, signInUrl } from "$lib/server/api";
import { ReportLanguage, valuesOf } from "@zhongshi/api/enums";
import type { Actions, PageServerLoad } from "./$types";

const REPORT_LANGUAGES = valuesOf(ReportLanguage);

export const load: PageServerLoad = async (event) => {
  const service = must(
    await call(createApi(event)["test-services"][":code"].$get({ param: { code: event.params.code } })),
    event,
  );
  return { service };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

export const actions: Actions = {
  /** The request form (委托单): works without JavaScript; an optional attachment is uploaded after creation. */
  request: async (event) => {
    if (!event.locals.me) redirect(303, signInUrl(event.url));
    const form = await event.request.formData();
    const values = {
      serviceId: text(form, "serviceId"),
      certificationBodyId: text(form, "certificationBodyId") || undefined,
      sampleName: text(form, "sampleName"),
      sampleQuantity: Number(text(form, "sampleQuantity")),
      matrix: text(form, "matrix"),
      items: form.getAll("items").map(String),
      standardNumber: text(form, "standardNumber"),
      reportLanguage: REPORT_LANGUAGES.find((l) => l === text(form, "reportLanguage")) ?? "ZH",
      retentionDays: Number(text(form, "retentionDays") || "0"),
      hazards: text(form, "hazards"),
      note: text(form, "note"),
    };
    const api = createApi(event);
    const created = await call(api.orders.$post({ json: values }));
    if (!created.ok) {
      if (created.status === 401) redirect(303, signInUrl(event.url));
      return failWith(created, { values });
    }
    const file = form.get("attachment");
    if (file instanceof File && file.size > 0) {
      // The raw bytes go in `init` (hc has no typed raw body); the API decides the type from the bytes.
      const uploaded = await call(
        api.orders[":id"].attachments.$post(
          { param: { id: created.data.id }, query: { filename: file.name } },
          {
            headers: { "content-type": file.type || "application/octet-stream" },
            init: { body: new Uint8Array(await file.arrayBuffer()) },
          },
        ),
      );
      if (!uploaded.ok) redirect(303, `/orders/${created.data.id}?created=1&attachment=${uploaded.problem.code}`);
    }
    redirect(303, `/orders/${created.data.id}?created=1`);
  },
};
