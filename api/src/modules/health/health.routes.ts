import { createRoute, z } from "@hono/zod-openapi";
import { json, router } from "../../lib/openapi.ts";
import { RETRY_AFTER_SECONDS } from "../../lib/problem.ts";
import { checkReadiness } from "./check-readiness.ts";

const ZHealth = z.object({ ok: z.literal(true) }).openapi("Health");
const ZReadiness = z
  .object({
    ready: z.boolean(),
    database: z.enum(["up", "down"]),
    pendingMigrations: z.array(z.string()),
  })
  .openapi("Readiness");

/** Mounted at /api, outside /api/v1: probes for process managers and load balancers, no sign-in. */
export const healthRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/health",
      operationId: "getHealth",
      tags: ["operations"],
      summary: "Liveness: the process serves HTTP (does not touch the database)",
      responses: { 200: json(ZHealth) },
    }),
    (c) => c.json({ ok: true as const }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/ready",
      operationId: "getReadiness",
      tags: ["operations"],
      summary: "Readiness: the database answers and its migrations are current; 503 otherwise",
      responses: { 200: json(ZReadiness, "Ready"), 503: json(ZReadiness, "Not ready") },
    }),
    async (c) => {
      const readiness = await checkReadiness({ db: c.var.db });
      if (readiness.ready) return c.json(readiness, 200);
      c.header("Retry-After", String(RETRY_AFTER_SECONDS.DATABASE_UNAVAILABLE));
      return c.json(readiness, 503);
    },
  );
