import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router } from "../../lib/openapi.ts";
import * as catalog from "./catalog.service.ts";
import * as manage from "./manage-catalog.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import {
  page,
  ZAvailability,
  ZCertificationBody,
  ZCertificationBodyQuery,
  ZCreateCertificationBody,
  ZCreateFacility,
  ZCreateResource,
  ZFacility,
  ZResource,
  ZResourceListQuery,
  ZUpdateCertificationBody,
  ZUpdateFacility,
  ZUpdateResource,
  ZWindowQuery,
} from "./catalog.schemas.ts";

const ZCodeParam = z.object({ code: z.string().min(1).max(60) });
const ZFacilityRef = z.object({ id: z.string(), code: z.string() });

/**
 * The public catalog reads: the same answer for everyone, their handlers never read the actor. resolveActor looks
 * no session up for them (one statement less per request); a handler here that started to read the actor would
 * see none and refuse signed-in users, never let anyone further. Kept in step by tests/security/public-reads.test.ts.
 */
export const ROUTES_WITHOUT_ACTOR = [
  "GET /facilities",
  "GET /facilities/{code}",
  "GET /facilities/{code}/availability",
  "GET /resources",
  "GET /resources/{code}",
  "GET /resources/{code}/availability",
  "GET /certification-bodies",
  "GET /certification-bodies/{code}",
  "GET /search",
];

export const catalogRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/facilities",
      operationId: "listFacilities",
      tags: ["catalog"],
      summary: "The facilities (两基地三中心 and any added since)",
      responses: { 200: json(z.object({ items: z.array(ZFacility) })), ...problems(400) },
    }),
    async (c) => c.json(await catalog.listFacilities({ db: c.var.db }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/facilities/{code}",
      operationId: "getFacility",
      tags: ["catalog"],
      summary: "One facility",
      request: { params: ZCodeParam },
      responses: { 200: json(ZFacility), ...problems(404) },
    }),
    async (c) => c.json(await catalog.getFacility({ db: c.var.db, ...c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/facilities/{code}/availability",
      operationId: "getFacilityAvailability",
      tags: ["catalog"],
      summary: "Availability of every resource of a facility over a window (at most 62 days)",
      request: { params: ZCodeParam, query: ZWindowQuery },
      responses: { 200: json(z.object({ items: z.array(ZAvailability) })), ...problems(400, 404) },
    }),
    async (c) =>
      c.json(
        await catalog.getFacilityAvailability({ db: c.var.db, ...c.req.valid("param"), ...c.req.valid("query") }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/resources",
      operationId: "listResources",
      tags: ["catalog"],
      summary: "Search resources",
      request: { query: ZResourceListQuery },
      responses: { 200: json(page(ZResource)), ...problems(400) },
    }),
    async (c) => c.json(await catalog.listResources({ db: c.var.db, query: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/resources/{code}",
      operationId: "getResource",
      tags: ["catalog"],
      summary: "One resource with its policy, prices, specs and units",
      request: { params: ZCodeParam },
      responses: { 200: json(ZResource), ...problems(404) },
    }),
    async (c) => c.json(await catalog.getResource({ db: c.var.db, ...c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/resources/{code}/availability",
      operationId: "getResourceAvailability",
      tags: ["catalog"],
      summary: "Free and occupied time of a resource and its units (who holds a slot is not shown)",
      request: { params: ZCodeParam, query: ZWindowQuery },
      responses: { 200: json(ZAvailability), ...problems(400, 404) },
    }),
    async (c) =>
      c.json(
        await catalog.getResourceAvailability({ db: c.var.db, ...c.req.valid("param"), ...c.req.valid("query") }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/certification-bodies",
      operationId: "listCertificationBodies",
      tags: ["catalog"],
      summary: "The certification bodies of the testing center, filtered by domain and accreditation",
      request: { query: ZCertificationBodyQuery },
      responses: { 200: json(page(ZCertificationBody)), ...problems(400) },
    }),
    async (c) => c.json(await catalog.listCertificationBodies({ db: c.var.db, query: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/certification-bodies/{code}",
      operationId: "getCertificationBody",
      tags: ["catalog"],
      summary: "One certification body",
      request: { params: ZCodeParam },
      responses: { 200: json(ZCertificationBody), ...problems(404) },
    }),
    async (c) => c.json(await catalog.getCertificationBody({ db: c.var.db, ...c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/search",
      operationId: "search",
      tags: ["catalog"],
      summary: "Search across resources and certification bodies",
      request: { query: z.object({ q: z.string().trim().min(1).max(100) }) },
      responses: {
        200: json(z.object({ resources: z.array(ZResource), certificationBodies: z.array(ZCertificationBody) })),
        ...problems(400),
      },
    }),
    async (c) => c.json(await catalog.searchCatalog({ db: c.var.db, ...c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/facilities",
      tags: ["admin"],
      summary: "Add a facility (admins), e.g. a new pilot base",
      request: body(ZCreateFacility),
      responses: { 201: json(ZFacilityRef), ...problems(400, 401, 403, 409) },
    }),
    async (c) =>
      c.json(
        await manage.createFacility({ db: c.var.db, actor: requireActor(c.var.actor), input: c.req.valid("json") }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/facilities/{code}",
      tags: ["admin"],
      summary: "Change a facility (admins)",
      request: { params: ZCodeParam, ...body(ZUpdateFacility) },
      responses: { 200: json(ZFacilityRef), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await manage.updateFacility({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          code: c.req.valid("param").code,
          input: c.req.valid("json"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/resources",
      tags: ["admin"],
      summary: "Add a resource with its units (admins and the facility's managers)",
      request: body(ZCreateResource),
      responses: { 201: json(ZResource), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await manage.createResource({ db: c.var.db, actor: requireActor(c.var.actor), input: c.req.valid("json") }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/resources/{code}",
      tags: ["admin"],
      summary: "Change a resource's policy, prices, status or specs",
      request: { params: ZCodeParam, ...body(ZUpdateResource) },
      responses: { 200: json(ZResource), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await manage.updateResource({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          code: c.req.valid("param").code,
          input: c.req.valid("json"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/certification-bodies",
      tags: ["admin"],
      summary: "Add a certification body (admins)",
      request: body(ZCreateCertificationBody),
      responses: { 201: json(ZCertificationBody), ...problems(400, 401, 403, 409) },
    }),
    async (c) =>
      c.json(
        await manage.createCertificationBody({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          input: c.req.valid("json"),
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/certification-bodies/{code}",
      tags: ["admin"],
      summary: "Change a certification body (admins)",
      request: { params: ZCodeParam, ...body(ZUpdateCertificationBody) },
      responses: { 200: json(ZCertificationBody), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await manage.updateCertificationBody({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          code: c.req.valid("param").code,
          input: c.req.valid("json"),
        }),
        200,
      ),
  );
