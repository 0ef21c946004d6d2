import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, must, type ApiResult } from "$lib/server/api";
import { fromShanghai } from "$lib/format";
import { QUALIFICATION_REQUEST_STATUSES } from "@zhongshi/api/enums";
import type { Actions, PageServerLoad, RequestEvent } from "./$types";

export const load: PageServerLoad = async (event) => {
  const status = QUALIFICATION_REQUEST_STATUSES.find((s) => s === event.url.searchParams.get("status"));
  const page = must(
    await call(createApi(event)["training-requests"].$get({ query: { ...(status ? { status } : {}), limit: "100" } })),
    event,
  );
  // Own requests are in the member's page; the workspace shows the facility's.
  const me = event.locals.me!;
  return { requests: page.items.filter((r) => r.userId !== me.userId || me.isAdmin), status: status ?? "" };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Each decision reads its form, sends it, and comes back to the list (or shows the problem beside the request). */
const decide = async (
  event: RequestEvent,
  send: (id: string, form: FormData) => Promise<ApiResult<unknown>> | string,
) => {
  const form = await event.request.formData();
  const id = text(form, "id");
  const result = await send(id, form);
  if (typeof result === "string") return fail(400, { id, problem: result });
  if (!result.ok) return fail(result.status, { id, problem: result.problem.detail ?? result.problem.code });
  redirect(303, `/manage/training?done=${id}`);
};

export const actions: Actions = {
  schedule: (event) =>
    decide(event, (id, form) => {
      const date = text(form, "date");
      if (!DATE.test(date)) return "date: YYYY-MM-DD";
      const note = text(form, "note");
      return call(
        createApi(event)["training-requests"][":id"].schedule.$post({
          param: { id },
          json: { scheduledFor: fromShanghai(date, text(form, "time") || "09:00"), ...(note ? { note } : {}) },
        }),
      );
    }),
  grant: (event) =>
    decide(event, (id, form) => {
      const expires = text(form, "expires");
      if (expires && !DATE.test(expires)) return "expires: YYYY-MM-DD";
      return call(
        createApi(event)["training-requests"][":id"].grant.$post({
          param: { id },
          json: { expiresAt: expires ? fromShanghai(expires, "23:59") : null },
        }),
      );
    }),
  decline: (event) =>
    decide(event, (id, form) => {
      const note = text(form, "note");
      if (!note) return "reason required";
      return call(createApi(event)["training-requests"][":id"].decline.$post({ param: { id }, json: { note } }));
    }),
};
