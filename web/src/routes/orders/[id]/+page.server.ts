import { fail, redirect, type RequestEvent } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Order } from "$lib/orders";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const api = createUntypedApi(event);
  const order = must(await api.get<Order>(`/orders/${encodeURIComponent(event.params.id)}`), event);
  const qr = order.report ? await api.get<{ url: string; qrSvg: string }>(`/orders/${order.id}/report/qr`) : null;
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

const send = async (
  event: RequestEvent,
  run: () => Promise<{ ok: boolean; status: number; problem?: unknown }>,
  done: string,
) => {
  const result = await run();
  if (result.ok) return { done };
  if (result.status === 401) redirect(303, signInUrl(event.url));
  return fail(result.status, {
    failed: done,
    problem: (result as { problem: { code: string; detail?: string; title?: string } }).problem,
  });
};

const ifMatch = (form: FormData) => {
  const version = text(form, "version");
  return version ? { "if-match": `"${version}"` } : undefined;
};

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
      return fail(400, { failed: "act", problem: { code: "VALIDATION_FAILED", detail: "Unknown action." } });
    const reason = text(form, "reason");
    if (CONFIRM.includes(action) && form.get("confirmed") !== "1") return { confirm: { action, reason } };
    const api = createUntypedApi(event);
    return send(
      event,
      () => api.post(`/orders/${event.params.id}/${PATHS[action]}`, reason ? { reason } : {}, ifMatch(form)),
      action,
    );
  },
  quote: async (event) => {
    const form = await event.request.formData();
    const priceFen = yuanToFen(text(form, "price"));
    if (priceFen === null)
      return fail(400, { failed: "quote", problem: { code: "VALIDATION_FAILED", field: "price" } });
    const note = text(form, "note");
    const body = { priceFen, validUntil: shanghai(text(form, "validUntil")), ...(note ? { note } : {}) };
    return send(
      event,
      () => createUntypedApi(event).post(`/orders/${event.params.id}/quote`, body, ifMatch(form)),
      "quote",
    );
  },
  receive: async (event) => {
    const form = await event.request.formData();
    const note = text(form, "note");
    const body = { condition: text(form, "condition"), storage: text(form, "storage"), ...(note ? { note } : {}) };
    return send(
      event,
      () => createUntypedApi(event).post(`/orders/${event.params.id}/receive`, body, ifMatch(form)),
      "receive",
    );
  },
  custody: async (event) => {
    const form = await event.request.formData();
    const body = {
      action: text(form, "custodyAction"),
      condition: text(form, "condition"),
      storage: text(form, "storage"),
    };
    return send(event, () => createUntypedApi(event).post(`/orders/${event.params.id}/custody`, body), "custody");
  },
  schedule: async (event) => {
    const form = await event.request.formData();
    const body = { start: shanghai(text(form, "start")), end: shanghai(text(form, "end")) };
    return send(event, () => createUntypedApi(event).post(`/orders/${event.params.id}/schedule`, body), "schedule");
  },
  report: async (event) => {
    const form = await event.request.formData();
    const file = await fileOf(form);
    if (!file) return fail(400, { failed: "report", problem: { code: "VALIDATION_FAILED", field: "file" } });
    return send(
      event,
      () =>
        createUntypedApi(event).upload("PUT", `/orders/${event.params.id}/report`, file.bytes, file.type, {
          filename: file.name,
        }),
      "issueReport",
    );
  },
  attach: async (event) => {
    const form = await event.request.formData();
    const file = await fileOf(form);
    if (!file) return fail(400, { failed: "attach", problem: { code: "VALIDATION_FAILED", field: "file" } });
    return send(
      event,
      () =>
        createUntypedApi(event).upload("POST", `/orders/${event.params.id}/attachments`, file.bytes, file.type, {
          filename: file.name,
        }),
      "attach",
    );
  },
};
