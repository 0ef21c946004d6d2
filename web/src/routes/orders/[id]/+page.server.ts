import { fail, redirect, type RequestEvent } from "@sveltejs/kit";
import type { ClientResponse } from "hono/client";
import { call, createApi, failWith, must, signInUrl } from "$lib/server/api";
import { localProblem } from "$lib/problem-message";
import { CustodyAction, valuesOf } from "@zhongshi/api/enums";
import type { Actions, PageServerLoad } from "./$types";

/** What the lab records after receipt (receipt itself is the receive action). */
const LATER_CUSTODY = valuesOf(CustodyAction).filter(
  (a): a is Exclude<CustodyAction, "RECEIVED"> => a !== CustodyAction.RECEIVED,
);

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const api = createApi(event);
  const order = must(await call(api.orders[":id"].$get({ param: { id: event.params.id } })), event);
  const qr = order.report ? await call(api.orders[":id"].report.qr.$get({ param: { id: order.id } })) : null;
  return {
    order,
    reportQr: qr?.ok ? qr.data : null,
    created: event.url.searchParams.has("created"),
    attachmentProblem: event.url.searchParams.get("attachment"),
  };
};

const PATHS = {
  accept: "accept",
  decline: "decline",
  startTesting: "start",
  confirm: "confirm",
  close: "close",
  cancel: "cancel",
  retest: "retest",
} as const;
type SimpleAction = keyof typeof PATHS;
/** Irreversible for the customer: asked again before they are sent (works without JavaScript). */
const CONFIRM: SimpleAction[] = ["cancel", "decline"];

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** "1234.5" → 123450 fen, without floating point; null when not a money amount. */
const yuanToFen = (value: string) => {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
};

/** A datetime-local value is wall-clock time in Asia/Shanghai. */
const shanghai = (value: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : value);

const send = async <T>(event: RequestEvent, request: Promise<ClientResponse<T, number, "json">>, done: string) => {
  const result = await call(request);
  if (result.ok) return { done };
  if (result.status === 401) redirect(303, signInUrl(event.url));
  return failWith(result, { failed: done });
};

/** The version the form was rendered from, as If-Match: a decision applies only to the order as it was seen. */
const ifMatch = (form: FormData) => {
  const version = text(form, "version");
  return version ? { "if-match": `"${version}"` } : {};
};

/**
 * A file's raw bytes as the body: the typed client names the route, its id and query; the bytes go in `init`
 * (hc has no typed raw body), with their content type. The API decides the type from the bytes themselves.
 */
const rawBody = (file: { bytes: Uint8Array; type: string }) => ({
  headers: { "content-type": file.type },
  init: { body: file.bytes as Uint8Array<ArrayBuffer> },
});

const fileOf = async (form: FormData) => {
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return null;
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    type: file.type || "application/octet-stream",
    name: file.name,
  };
};

export const actions: Actions = {
  act: async (event) => {
    const form = await event.request.formData();
    const action = text(form, "action") as SimpleAction;
    if (!(action in PATHS))
      return fail(400, { failed: "act", problem: localProblem({ path: "action", code: "invalid_value" }) });
    const reason = text(form, "reason");
    if (CONFIRM.includes(action) && form.get("confirmed") !== "1") return { confirm: { action, reason } };
    const orders = createApi(event).orders[":id"];
    const request = { param: { id: event.params.id }, header: ifMatch(form), json: reason ? { reason } : {} };
    return send(event, orders[PATHS[action]].$post(request), action);
  },
  quote: async (event) => {
    const form = await event.request.formData();
    const priceFen = yuanToFen(text(form, "price"));
    if (priceFen === null)
      return fail(400, {
        failed: "quote",
        problem: localProblem({ path: "price", code: "invalid_format", params: { format: "price" } }),
      });
    const note = text(form, "note");
    const body = { priceFen, validUntil: shanghai(text(form, "validUntil")), ...(note ? { note } : {}) };
    return send(
      event,
      createApi(event).orders[":id"].quote.$post({ param: { id: event.params.id }, header: ifMatch(form), json: body }),
      "quote",
    );
  },
  receive: async (event) => {
    const form = await event.request.formData();
    const note = text(form, "note");
    const body = { condition: text(form, "condition"), storage: text(form, "storage"), ...(note ? { note } : {}) };
    return send(
      event,
      createApi(event).orders[":id"].receive.$post({
        param: { id: event.params.id },
        header: ifMatch(form),
        json: body,
      }),
      "receive",
    );
  },
  custody: async (event) => {
    const form = await event.request.formData();
    const body = {
      action: LATER_CUSTODY.find((a) => a === text(form, "custodyAction")) ?? CustodyAction.STORED,
      condition: text(form, "condition"),
      storage: text(form, "storage"),
    };
    return send(
      event,
      createApi(event).orders[":id"].custody.$post({ param: { id: event.params.id }, json: body }),
      "custody",
    );
  },
  schedule: async (event) => {
    const form = await event.request.formData();
    const body = { start: shanghai(text(form, "start")), end: shanghai(text(form, "end")) };
    return send(
      event,
      createApi(event).orders[":id"].schedule.$post({ param: { id: event.params.id }, json: body }),
      "schedule",
    );
  },
  report: async (event) => {
    const form = await event.request.formData();
    const file = await fileOf(form);
    if (!file)
      return fail(400, {
        failed: "report",
        problem: localProblem({ path: "file", code: "too_small", params: { origin: "string", minimum: 1 } }),
      });
    return send(
      event,
      createApi(event).orders[":id"].report.$put(
        { param: { id: event.params.id }, query: { filename: file.name }, header: {} },
        rawBody(file),
      ),
      "issueReport",
    );
  },
  attach: async (event) => {
    const form = await event.request.formData();
    const file = await fileOf(form);
    if (!file)
      return fail(400, {
        failed: "attach",
        problem: localProblem({ path: "file", code: "too_small", params: { origin: "string", minimum: 1 } }),
      });
    return send(
      event,
      createApi(event).orders[":id"].attachments.$post(
        { param: { id: event.params.id }, query: { filename: file.name } },
        rawBody(file),
      ),
      "attach",
    );
  },
};
