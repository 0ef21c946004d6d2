import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router, ZCursorQuery, ZUuid } from "../../lib/openapi.ts";
import { AppError } from "../../lib/app-error.ts";
import { QuotaPeriod } from "../../enums.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { findFacility, findResourceByCode } from "../catalog/catalog.repository.ts";
import * as fairUse from "./fair-use.service.ts";

const ZCode = z.object({ code: z.string().min(1).max(60) });
const count = (max: number) => z.number().int().min(1).max(max).nullable();

export const ZFairUse = z
  .object({
    quotaPeriod: z.enum(QuotaPeriod).nullable(),
    quotaHours: count(10_000).openapi({ description: "Hours per organization per period." }),
    quotaBookings: count(10_000).openapi({ description: "Bookings per organization per period." }),
    lateCancelHours: z.number().int().min(0).max(720).nullable(),
    noShowGraceMin: z.number().int().min(0).max(1440).nullable(),
    noShowLimit: count(100),
    noShowWindowDays: count(365),
    suspensionDays: count(365),
  })
  .openapi("FairUse");
const ZFairUseView = z
  .object({ effective: ZFairUse, facility: ZFairUse.nullable(), resource: ZFairUse.nullable() })
  .openapi("FairUseView");
const ZSuspension = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    facilityId: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    reason: z.string(),
    liftedAt: z.string().nullable(),
  })
  .openapi("Suspension");

const resourceOr404 = async (db: Parameters<typeof findResourceByCode>[0], code: string) => {
  const resource = await findResourceByCode(db, code);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  return resource;
};

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
    async (c) => {
      const resource = await resourceOr404(c.var.db, c.req.valid("param").code);
      return c.json((await fairUse.loadRules(c.var.db, [resource])).get(resource.id)!, 200);
    },
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
    async (c) => {
      const facility = await findFacility(c.var.db, c.req.valid("param").code);
      if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
      return c.json(await fairUse.loadFacilityRule(c.var.db, facility.id), 200);
    },
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
    async (c) => {
      const facility = await findFacility(c.var.db, c.req.valid("param").code);
      if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
      await fairUse.saveFairUse({
        db: c.var.db,
        actor: requireActor(c.var.actor),
        target: { facilityId: facility.id, resourceId: null },
        fields: c.req.valid("json"),
      });
      return c.json(c.req.valid("json"), 200);
    },
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
    async (c) => {
      const resource = await resourceOr404(c.var.db, c.req.valid("param").code);
      await fairUse.saveFairUse({
        db: c.var.db,
        actor: requireActor(c.var.actor),
        target: { facilityId: resource.facilityId, resourceId: resource.id },
        fields: c.req.valid("json"),
      });
      return c.json((await fairUse.loadRules(c.var.db, [resource])).get(resource.id)!, 200);
    },
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
