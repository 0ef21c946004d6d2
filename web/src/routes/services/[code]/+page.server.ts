import { fail, redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Order, TestService } from "$lib/orders";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const service = must(
    await createUntypedApi(event).get<TestService>(`/test-services/${encodeURIComponent(event.params.code)}`),
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
      reportLanguage: text(form, "reportLanguage") || "ZH",
      retentionDays: Number(text(form, "retentionDays") || "0"),
      hazards: text(form, "hazards"),
      note: text(form, "note"),
    };
    const api = createUntypedApi(event);
    const created = await api.post<Order>("/orders", values);
    if (!created.ok) {
      if (created.status === 401) redirect(303, signInUrl(event.url));
      return fail(created.status, { values, problem: created.problem });
    }
    const file = form.get("attachment");
    if (file instanceof File && file.size > 0) {
      const uploaded = await api.upload<Order>(
        "POST",
        `/orders/${created.data.id}/attachments`,
        new Uint8Array(await file.arrayBuffer()),
        file.type || "application/octet-stream",
        { filename: file.name },
      );
      if (!uploaded.ok) redirect(303, `/orders/${created.data.id}?created=1&attachment=${uploaded.problem.code}`);
    }
    redirect(303, `/orders/${created.data.id}?created=1`);
  },
};
