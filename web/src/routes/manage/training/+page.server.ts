import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, failWith, must, type ApiResult } from "$lib/server/api";
import { localProblem, type ShownProblem } from "$lib/problem-message";
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
  send: (id: string, form: FormData) => Promise<ApiResult<unknown>> | ShownProblem,
) => {
  const form = await event.request.formData();
  const id = text(form, "id");
  const result = await send(id, form);
  if ("code" in result) return fail(400, { id, problem: result });
  if (!result.ok) return failWith(result, { id });
  redirect(303, `/manage/training?done=${id}`);
};

export const actions: Actions = {
  schedule: (event) =>
    decide(event, (id, form) => {
      const date = text(form, "date");
      if (!DATE.test(date)) return localProblem({ path: "date", code: "invalid_format", params: { format: "date" } });
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
      if (expires && !DATE.test(expires))
        return localProblem({ path: "expires", code: "invalid_format", params: { format: "date" } });
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
      if (!note) return localProblem({ path: "note", code: "too_small", params: { origin: "string", minimum: 1 } });
      return call(createApi(event)["training-requests"][":id"].decline.$post({ param: { id }, json: { note } }));
    }),
};
