import { createRoute, z, type RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { body, json, problems, router } from "../../lib/openapi.ts";
import type { AppEnv } from "../../lib/context.ts";
import { contentDisposition } from "../../domain/file-rules.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { loadViewer } from "./orders.access.ts";
import { getService, searchServices } from "./search-services.ts";
import { requestOrder } from "./request-order.ts";
import { getOrder } from "./order-view.ts";
import { recordCustody, transitionOrder, type SimpleAction } from "./transition-order.ts";
import { attachFile, downloadAttachment, downloadReport, issueReport } from "./order-files.ts";
import { scheduleRun } from "./schedule-run.ts";
import { listOrders, orderAnalytics, reportQr, sampleLabel, verifyReport } from "./list-orders.ts";
import { etagOf } from "./orders.mappers.ts";
import { exportOrderAnalyticsCsv } from "./order-analytics.export.ts";
import {
  ZAnalyticsQuery,
  ZCodeParam,
  ZCustody,
  ZFileParam,
  ZIdParam,
  ZListOrdersQuery,
  ZOrder,
  ZOrderAction,
  ZOrderAnalytics,
  ZOrderListItem,
  ZQuote,
  ZReceive,
  ZReportVerification,
  ZRequestOrder,
  ZSampleLabel,
  ZSchedule,
  ZServiceSearchQuery,
  ZServiceSearchResult,
  ZTestService,
  ZUploadQuery,
} from "./orders.schemas.ts";

const TAG = ["orders"];
const ZIfMatchHeader = z.object({ "if-match": z.string().max(100).optional() });

const viewerOf = (c: Context<AppEnv>) => loadViewer(c.var.db, requireActor(c.var.actor));

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
/** Same rule as sign-in's: X-Forwarded-For is believed only from the portal on loopback. */
const clientKey = (c: Context<AppEnv>) => {
  let remote = "unknown";
  try {
    remote = getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // app.request() in tests has no socket
  }
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return (LOOPBACK.has(remote) || remote === "unknown") && forwarded ? forwarded : remote;
};

const fileResponse = (
  c: Context<AppEnv>,
  file: { bytes: Uint8Array; filename: string; contentType: string; sha256: string },
) =>
  c.body(file.bytes as unknown as ArrayBuffer, 200, {
    "content-type": file.contentType,
    "content-disposition": contentDisposition(file.filename),
    "x-content-type-options": "nosniff",
    "cache-control": "private, no-store",
    "content-security-policy": "default-src 'none'; sandbox",
    digest: `sha-256=${Buffer.from(file.sha256, "hex").toString("base64")}`,
  });

const uploadBody = (types: string[], description: string) => ({
  body: {
    description,
    required: true,
    content: Object.fromEntries(types.map((t) => [t, { schema: z.string().openapi({ format: "binary" }) }])),
  },
});

/**
 * One shape for the order's plain transitions (accept, decline, start, confirm, close, cancel, retest): the
 * path stays a literal type, so each route keeps its types in ApiRoutes and the portal's hc client.
 */
const actionRoute = <const P extends string>(path: P, summary: string) =>
  createRoute({
    method: "post",
    path: `/orders/{id}/${path}` as `/orders/{id}/${P}`,
    operationId: `${path}Order`,
    tags: TAG,
    summary,
    request: { params: ZIdParam, headers: ZIfMatchHeader, ...body(ZOrderAction) },
    responses: { 200: json(ZOrder), ...problems(400, 401, 403, 404, 409, 412, 422) },
  });
type ActionRoute = ReturnType<typeof actionRoute<string>>;

type ActionContext = Parameters<RouteHandler<ActionRoute, AppEnv>>[0];

/**
 * The shared handler body. Each route passes its own context (`(c) => act(c, …)`): a handler typed for the
 * widened route would widen every path to `/orders/:id/${string}` and swallow the module's other routes in hc.
 */
const act = async (c: ActionContext, action: SimpleAction) => {
  const order = await transitionOrder({
    db: c.var.db,
    viewer: await viewerOf(c),
    orderId: c.req.valid("param").id,
    action,
    reason: c.req.valid("json").reason,
    ifMatch: c.req.valid("header")["if-match"],
  });
  c.header("ETag", etagOf(order));
  return c.json(order, 200);
};

const base = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/test-services",
      operationId: "searchTestServices",
      tags: TAG,
      summary: "Find test services and accredited bodies by standard number, item or product (public)",
      request: { query: ZServiceSearchQuery },
      responses: { 200: json(ZServiceSearchResult), ...problems(400) },
    }),
    async (c) => {
      const { q, limit } = c.req.valid("query");
      return c.json(await searchServices({ db: c.var.db, query: q, limit }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/test-services/{code}",
      operationId: "getTestService",
      tags: TAG,
      summary: "One test service with its performing bodies and which items each is accredited for (public)",
      request: { params: ZCodeParam },
      responses: { 200: json(ZTestService), ...problems(404) },
    }),
    async (c) => c.json(await getService({ db: c.var.db, code: c.req.valid("param").code }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orders",
      operationId: "requestOrder",
      tags: TAG,
      summary: "Request a test (委托): sample, matrix, items, standard, report language, retention, hazards",
      request: body(ZRequestOrder),
      responses: { 201: json(ZOrder, "Created"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(await requestOrder({ db: c.var.db, viewer: await viewerOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orders",
      operationId: "listOrders",
      tags: TAG,
      summary: "List orders: mine, my organization's, or the board (center managers, body staff, admins)",
      request: { query: ZListOrdersQuery },
      responses: {
        200: json(z.object({ items: z.array(ZOrderListItem), nextCursor: z.string().nullable() })),
        ...problems(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(await listOrders({ db: c.var.db, viewer: await viewerOf(c), filter: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orders/{id}",
      operationId: "getOrder",
      tags: TAG,
      summary: "One order with its timeline; ETag for If-Match",
      request: { params: ZIdParam },
      responses: { 200: json(ZOrder), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const order = await getOrder({ db: c.var.db, viewer: await viewerOf(c), orderId: c.req.valid("param").id });
      c.header("ETag", etagOf(order));
      return c.json(order, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orders/{id}/quote",
      operationId: "quoteOrder",
      tags: TAG,
      summary: "Quote a price and its validity (center managers or the performing body's staff); may re-quote",
      request: { params: ZIdParam, headers: ZIfMatchHeader, ...body(ZQuote) },
      responses: { 200: json(ZOrder), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) =>
      c.json(
        await transitionOrder({
          db: c.var.db,
          viewer: await viewerOf(c),
          orderId: c.req.valid("param").id,
          action: "quote",
          quote: c.req.valid("json"),
          ifMatch: c.req.valid("header")["if-match"],
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orders/{id}/receive",
      operationId: "receiveOrderSample",
      tags: TAG,
      summary: "Record the sample's receipt (custody: who, when, condition, storage); assigns the sample code",
      request: { params: ZIdParam, headers: ZIfMatchHeader, ...body(ZReceive) },
      responses: { 200: json(ZOrder), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) =>
      c.json(
        await transitionOrder({
          db: c.var.db,
          viewer: await viewerOf(c),
          orderId: c.req.valid("param").id,
          action: "receive",
          receive: c.req.valid("json"),
          ifMatch: c.req.valid("header")["if-match"],
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orders/{id}/custody",
      operationId: "recordOrderCustody",
      tags: TAG,
      summary: "Add a custody entry: stored, moved, returned or disposed (lab)",
      request: { params: ZIdParam, ...body(ZCustody) },
      responses: { 200: json(ZOrder), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await recordCustody({
          db: c.var.db,
          viewer: await viewerOf(c),
          orderId: c.req.valid("param").id,
          input: c.req.valid("json"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orders/{id}/label",
      operationId: "getOrderSampleLabel",
      tags: TAG,
      summary: "The sample label with a QR code of the sample code (lab)",
      request: { params: ZIdParam },
      responses: { 200: json(ZSampleLabel), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(await sampleLabel({ db: c.var.db, viewer: await viewerOf(c), orderId: c.req.valid("param").id }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orders/{id}/schedule",
      operationId: "scheduleOrderRun",
      tags: TAG,
      summary: "Book the instrument run of a sample-submission order as a staff booking (lab)",
      request: { params: ZIdParam, ...body(ZSchedule) },
      responses: { 200: json(ZOrder), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { start, end } = c.req.valid("json");
      return c.json(
        await scheduleRun({ db: c.var.db, viewer: await viewerOf(c), orderId: c.req.valid("param").id, start, end }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/orders/{id}/report",
      operationId: "uploadOrderReport",
      tags: TAG,
      summary: "Issue the report: upload the PDF (≤ 20 MB); stores its sha256 and a verification code (lab)",
      request: {
        params: ZIdParam,
        query: ZUploadQuery,
        headers: ZIfMatchHeader,
        ...uploadBody(["application/pdf"], "The report as a PDF, the raw bytes as the body"),
      },
      responses: { 200: json(ZOrder), ...problems(400, 401, 403, 404, 409, 412, 413, 415) },
    }),
    async (c) =>
      c.json(
        await issueReport({
          db: c.var.db,
          viewer: await viewerOf(c),
          orderId: c.req.valid("param").id,
          bytes: new Uint8Array(await c.req.arrayBuffer()),
          filename: c.req.valid("query").filename,
          ...(c.req.valid("header")["if-match"] ? { ifMatch: c.req.valid("header")["if-match"] } : {}),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orders/{id}/report",
      operationId: "downloadOrderReport",
      tags: TAG,
      summary: "Download the current report (the order's customer and lab); a customer download is recorded",
      request: { params: ZIdParam },
      responses: {
        200: {
          description: "The PDF",
          content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problems(400, 401, 404),
      },
    }),
    async (c) =>
      fileResponse(
        c,
        await downloadReport({ db: c.var.db, viewer: await viewerOf(c), orderId: c.req.valid("param").id }),
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orders/{id}/report/qr",
      operationId: "getOrderReportQr",
      tags: TAG,
      summary: "QR code (SVG) of the current report's public verification page, to print on the report",
      request: { params: ZIdParam },
      responses: {
        200: json(z.object({ verificationCode: z.string(), url: z.string(), qrSvg: z.string() })),
        ...problems(400, 401, 404),
      },
    }),
    async (c) =>
      c.json(
        await reportQr({
          db: c.var.db,
          viewer: await viewerOf(c),
          orderId: c.req.valid("param").id,
          portalOrigin: c.var.config.allowedOrigins[0] ?? "",
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orders/{id}/attachments",
      operationId: "uploadOrderAttachment",
      tags: TAG,
      summary: "Attach a file to an order: PDF, PNG or JPEG, ≤ 20 MB (customer or lab)",
      request: {
        params: ZIdParam,
        query: ZUploadQuery,
        ...uploadBody(["application/pdf", "image/png", "image/jpeg"], "The file's raw bytes as the body"),
      },
      responses: { 200: json(ZOrder), ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) =>
      c.json(
        await attachFile({
          db: c.var.db,
          viewer: await viewerOf(c),
          orderId: c.req.valid("param").id,
          bytes: new Uint8Array(await c.req.arrayBuffer()),
          filename: c.req.valid("query").filename,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orders/{id}/attachments/{fileId}",
      operationId: "downloadOrderAttachment",
      tags: TAG,
      summary: "Download an attachment (the order's customer and lab)",
      request: { params: ZFileParam },
      responses: {
        200: {
          description: "The file",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problems(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, fileId } = c.req.valid("param");
      return fileResponse(
        c,
        await downloadAttachment({ db: c.var.db, viewer: await viewerOf(c), orderId: id, fileId }),
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/verify/{code}",
      operationId: "verifyReport",
      tags: TAG,
      summary: "Verify a report by its code (public, rate-limited): body, service, date, hash and validity only",
      request: { params: z.object({ code: z.string().min(4).max(40) }) },
      responses: { 200: json(ZReportVerification), ...problems(400, 404, 429) },
    }),
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json(
        await verifyReport({ db: c.var.db, code: c.req.valid("param").code, clientKey: clientKey(c) }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/order-analytics",
      operationId: "getOrderAnalytics",
      tags: TAG,
      summary: "Orders by body, service and month; turnaround median and p90; on-time rate; income per body",
      request: { query: ZAnalyticsQuery },
      responses: { 200: json(ZOrderAnalytics), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const { from, to } = c.req.valid("query");
      return c.json(await orderAnalytics({ db: c.var.db, viewer: await viewerOf(c), from, to }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/order-analytics/export.csv",
      operationId: "exportOrderAnalyticsCsv",
      tags: TAG,
      summary:
        "CSV export of the order analytics (one row per body: orders, turnaround in working days, on-time, income)",
      request: { query: ZAnalyticsQuery },
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const { from, to } = c.req.valid("query");
      const csv = await exportOrderAnalyticsCsv({ db: c.var.db, viewer: await viewerOf(c), from, to });
      return c.body(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="order-analytics.csv"',
      });
    },
  );

export const ordersRoutes = base
  .openapi(actionRoute("accept", "Accept the quote (customer)"), (c) => act(c, "accept"))
  .openapi(actionRoute("decline", "Decline the quote (customer)"), (c) => act(c, "decline"))
  .openapi(actionRoute("start", "Start testing (lab)"), (c) => act(c, "startTesting"))
  .openapi(actionRoute("confirm", "Confirm the downloaded report (customer)"), (c) => act(c, "confirm"))
  .openapi(actionRoute("close", "Close a confirmed order; charges it in the same transaction (lab)"), (c) =>
    act(c, "close"),
  )
  .openapi(actionRoute("cancel", "Cancel with a reason (customer before receipt; lab until testing starts)"), (c) =>
    act(c, "cancel"),
  )
  .openapi(actionRoute("retest", "Request a re-test within the service's window, with a reason (customer)"), (c) =>
    act(c, "retest"),
  );
