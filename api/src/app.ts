import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { Scalar } from "@scalar/hono-api-reference";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AppConfig, AppEnv } from "./lib/context.ts";
import type { Db } from "./lib/db.ts";
import { AppError } from "./lib/app-error.ts";
import { onError, problem } from "./lib/problem.ts";
import { ZProblem } from "./lib/openapi.ts";
import { logger as rootLogger, type Logger } from "./lib/log.ts";
import { routePath } from "hono/route";
import { healthRoutes } from "./modules/health/health.routes.ts";
import { openApiDocument } from "./lib/openapi-document.ts";
import { requestGuards } from "./lib/request-guards.ts";
import { docsCsp, securityHeaders } from "./lib/security-headers.ts";
import { resolveActor } from "./modules/auth/auth.middleware.ts";
import { authRoutes } from "./modules/auth/auth.routes.ts";
import { catalogRoutes, ROUTES_WITHOUT_ACTOR } from "./modules/catalog/catalog.routes.ts";
import { bookingsRoutes, ROUTES_CONFIRMING_SESSION } from "./modules/bookings/bookings.routes.ts";
import { feedsRoutes } from "./modules/feeds/feeds.routes.ts";
import { adminRoutes } from "./modules/admin/admin.routes.ts";
import { analyticsRoutes } from "./modules/analytics/analytics.routes.ts";
import { notificationsRoutes } from "./modules/notifications/notifications.routes.ts";
import { waitlistRoutes } from "./modules/waitlist/waitlist.routes.ts";
import { accountsRoutes } from "./modules/accounts/accounts.routes.ts";
import { calendarRoutes } from "./modules/calendar/calendar.routes.ts";
import { fairUseRoutes } from "./modules/fair-use/fair-use.routes.ts";
import { qualificationsRoutes } from "./modules/qualifications/qualifications.routes.ts";
import { offersRoutes } from "./modules/offers/offers.routes.ts";
import { moneyRoutes } from "./modules/money/money.routes.ts";
import { ordersRoutes } from "./modules/orders/orders.routes.ts";
import { MAX_FILE_BYTES } from "./domain/file-rules.ts";

export const BODY_LIMIT_BYTES = 64 * 1024;
/** File uploads are the only bodies allowed past 64 KiB, up to the file limit. */
const UPLOAD_PATH = /^\/api\/v1\/orders\/[^/]+\/(report|attachments)$/;

const scalarBundle = () => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@scalar/api-reference");
  return readFileSync(entry.replace(/dist\/.*$/, "dist/browser/standalone.js"), "utf8");
};

/** Every /api/v1 route; its type is what the portal's typed client (hono/client) is built from. */
const v1 = new OpenAPIHono<AppEnv>()
  .route("/", authRoutes)
  .route("/", catalogRoutes)
  .route("/", bookingsRoutes)
  .route("/", feedsRoutes)
  .route("/", adminRoutes)
  .route("/", analyticsRoutes)
  .route("/", notificationsRoutes)
  .route("/", waitlistRoutes)
  .route("/", accountsRoutes)
  .route("/", calendarRoutes)
  .route("/", fairUseRoutes)
  .route("/", qualificationsRoutes)
  .route("/", offersRoutes)
  .route("/", moneyRoutes)
  .route("/", ordersRoutes);
export type ApiRoutes = typeof v1;

export type CreateAppOptions = { db: Db; config: AppConfig; logger?: Logger };

/** A caller's X-Request-Id is kept when it is short and plain, so it cannot forge or flood log lines. */
const SANE_REQUEST_ID = /^[\w.:-]{1,100}$/;

export const createApp = ({ db, config, logger = rootLogger }: CreateAppOptions) => {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(onError);
  app.notFound((c) => problem(c, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
  app.use("*", async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && SANE_REQUEST_ID.test(given) ? given : randomUUID();
    const log = logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    c.set("db", db);
    c.set("config", config);
    const started = performance.now();
    // Headers help when debugging a client; the logger's redaction removes cookies and tokens.
    // Only when debug is on: collecting every header costs on each request of the hot path.
    if (log.isLevelEnabled("debug")) log.debug({ method: c.req.method, headers: c.req.header() }, "request received");
    await next();
    // On the answer's own headers: c.header() after the answer is made would rebuild it as a full Fetch Response
    // (a copy of the body checked and encoded again: a quarter of GET /resources' CPU).
    c.res.headers.set("X-Request-Id", requestId);
    // The route pattern, not the URL: feed URLs carry their secret in the path.
    log.info(
      {
        method: c.req.method,
        route: routePath(c, -1),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  app.use("*", securityHeaders);
  const defaultLimit = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `Request bodies are limited to ${BODY_LIMIT_BYTES / 1024} KiB.`);
    },
  });
  const uploadLimit = bodyLimit({
    maxSize: MAX_FILE_BYTES,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `Files are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
    },
  });
  // GET, HEAD and OPTIONS bodies are never read, so they are not limited either; and a body that declares its
  // length within the limit (Node's parser reads no more than Content-Length) passes as hono's bodyLimit would
  // pass it, without its look at `body`: that turns @hono/node-server's lightweight request into a full Fetch
  // Request (an AbortController, a URL parse and a stream per request: 3 % of GET /resources' CPU, 7 % of
  // POST /bookings'), where the JSON body is otherwise read straight from the socket's buffer.
  app.use("/api/*", (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const upload = (method === "PUT" || method === "POST") && UPLOAD_PATH.test(c.req.path);
    const declared = c.req.header("content-length");
    if (
      declared !== undefined &&
      /^\d+$/.test(declared) &&
      c.req.header("transfer-encoding") === undefined &&
      Number(declared) <= (upload ? MAX_FILE_BYTES : BODY_LIMIT_BYTES)
    )
      return next();
    return upload ? uploadLimit(c, next) : defaultLimit(c, next);
  });
  app.use("/api/*", requestGuards);
  const v1Routes = (routes: string[]) => routes.map((route) => route.replace(" ", " /api/v1"));
  app.use(
    "/api/v1/*",
    resolveActor({
      confirmedByUseCase: v1Routes(ROUTES_CONFIRMING_SESSION),
      withoutActor: v1Routes(ROUTES_WITHOUT_ACTOR),
    }),
  );
  app.route("/api/v1", v1);

  // Any operation that reads the database may answer 503 while it is away; say so once for all of them.
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route" || definition.route.path === "/api/health") continue;
    definition.route.responses[503] ??= {
      description: "Database unavailable (DATABASE_UNAVAILABLE); retry after the Retry-After header",
      headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } } },
      content: { "application/problem+json": { schema: ZProblem } },
    };
  }
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get("/api/openapi.json", (c) => c.json((document ??= openApiDocument(app))));
  let bundle: string | undefined;
  app.get("/api/docs/scalar.js", (c) => {
    bundle ??= scalarBundle();
    return c.body(bundle, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=3600",
    });
  });
  let docsHtml: Promise<string> | undefined;
  app.get("/api/docs", async (c) => {
    // Scalar's page is rendered once by its own middleware; its inline script is then allowed by hash.
    docsHtml ??= Promise.resolve(
      new Hono()
        .get(
          "/",
          // No default fonts: they come from fonts.scalar.com, which the policy (and an offline machine) refuses.
          Scalar({
            url: "/api/openapi.json",
            cdn: "/api/docs/scalar.js",
            pageTitle: "中试通 API",
            withDefaultFonts: false,
          }),
        )
        .request("/"),
    ).then((r) => r.text());
    const html = await docsHtml;
    return c.html(html, 200, { "Content-Security-Policy": docsCsp(html) });
  });
  app.route("/api", healthRoutes);
  return app;
};

export type App = ReturnType<typeof createApp>;
