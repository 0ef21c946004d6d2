import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router, ZCursorQuery, ZUuid } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { ZFairUse, ZFairUseView, ZSuspension } from "./fair-use.schemas.ts";
import * as fairUse from "./fair-use.service.ts";

const ZCode = z.object({ code: z.string().min(1).max(60) });
export const fairUseRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/resources/{code}/fair-use",
      operationId: "getResourceFairUse",
      tags: ["fair use"],
      summary: "The fair-use rules that apply to a resource: quotas, late cancellation, no-shows, suspension",
      request: { params: ZCode },
      responses: { 200: json(ZFairUseView), ...problems(404) },
    }),
    async (c) => c.json(await fairUse.getResourceFairUse({ db: c.var.db, code: c.req.valid("param").code }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/facilities/{code}/fair-use",
      operationId: "getFacilityFairUse",
      tags: ["fair use"],
      summary: "A facility's fair-use rules (its resources may override fields)",
      request: { params: ZCode },
      responses: { 200: json(ZFairUse), ...problems(404) },
    }),
    async (c) => c.json(await fairUse.getFacilityFairUse({ db: c.var.db, code: c.req.valid("param").code }), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/facilities/{code}/fair-use",
      operationId: "saveFacilityFairUse",
      tags: ["fair use"],
      summary: "Set a facility's fair-use rules (admins and the facility's managers)",
      request: { params: ZCode, ...body(ZFairUse) },
      responses: { 200: json(ZFairUse), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await fairUse.saveFacilityFairUse({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          code: c.req.valid("param").code,
          fields: c.req.valid("json"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/resources/{code}/fair-use",
      operationId: "saveResourceFairUse",
      tags: ["fair use"],
      summary: "Override fair-use rules for one resource; null fields follow the facility (managers, admins)",
      request: { params: ZCode, ...body(ZFairUse) },
      responses: { 200: json(ZFairUseView), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await fairUse.saveResourceFairUse({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          code: c.req.valid("param").code,
          fields: c.req.valid("json"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/suspensions",
      operationId: "listSuspensions",
      tags: ["fair use"],
      summary: "Suspensions at the facilities you manage (admins: all)",
      request: {
        query: z.object({ ...ZCursorQuery, active: z.enum(["true", "false"]).optional() }),
      },
      responses: {
        200: json(z.object({ items: z.array(ZSuspension), nextCursor: z.string().nullable() })),
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const { active, ...page } = c.req.valid("query");
      return c.json(
        await fairUse.listSuspensions({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          query: { ...page, active: active === "true" },
        }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/suspensions/{id}/lift",
      operationId: "liftSuspension",
      tags: ["fair use"],
      summary: "Lift a suspension early (the facility's managers, admins)",
      request: { params: z.object({ id: ZUuid }) },
      responses: { 200: json(ZSuspension), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await fairUse.liftSuspension({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          id: c.req.valid("param").id,
        }),
        200,
      ),
  );
