import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router, ZUuid } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import * as admin from "./admin.service.ts";
import { listAuditEvents, removeMembership, revokeManager, setUserDisabled } from "./revoke-access.ts";
import { ZCursorQuery } from "../../lib/openapi.ts";
import {
  ZCreateOrganization,
  ZCreateUsageRecord,
  ZManager,
  ZMembership,
  ZOrganization,
  ZOrganizationQuery,
  ZQualification,
  ZUsageQuery,
  ZUsageRecord,
  ZUser,
  ZUserQuery,
} from "./admin.schemas.ts";

const ZCode = z.object({ code: z.string().min(1).max(60) });
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const ZRevoked = z.object({ sessions: z.number().int(), tokens: z.number().int() });

const ZAuditEvent = z
  .object({
    id: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    detail: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi("AuditEvent");

export const adminRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/facilities/{code}/managers",
      tags: ["admin"],
      summary: "Make a user a manager of the facility (admins)",
      request: { params: ZCode, ...body(ZManager) },
      responses: { 204: { description: "Added" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      await admin.addManager({ db: c.var.db, actor, facilityCode: c.req.valid("param").code, ...c.req.valid("json") });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/organizations",
      tags: ["admin"],
      summary: "Organizations: all for admins, one's own otherwise",
      request: { query: ZOrganizationQuery },
      responses: { 200: json(list(ZOrganization)), ...problems(400, 401) },
    }),
    async (c) =>
      c.json(
        await admin.listOrganizations({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/organizations",
      tags: ["admin"],
      summary: "Add an organization (admins); the USCC check character is verified",
      request: body(ZCreateOrganization),
      responses: { 201: json(ZOrganization), ...problems(400, 401, 403, 409) },
    }),
    async (c) =>
      c.json(
        await admin.createOrganization({ db: c.var.db, actor: requireActor(c.var.actor), input: c.req.valid("json") }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/users",
      tags: ["admin"],
      summary: "Users with their memberships (admins)",
      request: { query: ZUserQuery },
      responses: { 200: json(list(ZUser)), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(
        await admin.listUsers({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/users/{id}/memberships",
      tags: ["admin"],
      summary: "Add a user to an organization with a role (admins)",
      request: { params: z.object({ id: ZUuid }), ...body(ZMembership) },
      responses: { 204: { description: "Added" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      await admin.addMembership({ db: c.var.db, actor, userId: c.req.valid("param").id, input: c.req.valid("json") });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/users/{id}/memberships/{organizationId}",
      tags: ["admin"],
      summary: "Remove a user from an organization (admins); their sessions, tokens and feed URL stop at once",
      request: { params: z.object({ id: ZUuid, organizationId: ZUuid }) },
      responses: { 200: json(ZRevoked), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { id, organizationId } = c.req.valid("param");
      const actor = requireActor(c.var.actor);
      return c.json(await removeMembership({ db: c.var.db, actor, userId: id, organizationId }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/facilities/{code}/managers/{userId}",
      tags: ["admin"],
      summary: "Revoke a facility manager (admins); their credentials and the facility's feed URLs stop at once",
      request: { params: ZCode.extend({ userId: ZUuid }) },
      responses: { 200: json(ZRevoked), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { code, userId } = c.req.valid("param");
      const actor = requireActor(c.var.actor);
      return c.json(await revokeManager({ db: c.var.db, actor, facilityCode: code, userId }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/users/{id}/disable",
      tags: ["admin"],
      summary: "Disable a user (admins): no sign-in; sessions, tokens and feed URL stop at once",
      request: { params: z.object({ id: ZUuid }) },
      responses: { 200: json(ZRevoked), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      return c.json(
        await setUserDisabled({ db: c.var.db, actor, userId: c.req.valid("param").id, disabled: true }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/users/{id}/enable",
      tags: ["admin"],
      summary: "Enable a disabled user again (admins)",
      request: { params: z.object({ id: ZUuid }) },
      responses: { 200: json(ZRevoked), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      return c.json(
        await setUserDisabled({ db: c.var.db, actor, userId: c.req.valid("param").id, disabled: false }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/audit-events",
      tags: ["admin"],
      summary: "Changes of rights, newest first (admins): memberships removed, managers revoked, users disabled …",
      request: { query: z.object({ subjectId: z.string().max(100).optional(), ...ZCursorQuery }) },
      responses: { 200: json(list(ZAuditEvent)), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(
        await listAuditEvents({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/usage-records",
      tags: ["usage"],
      summary: "Recorded use (managers: their facilities; admins: all); filters narrow that scope",
      request: { query: ZUsageQuery },
      responses: { 200: json(list(ZUsageRecord)), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(
        await admin.listUsage({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/usage-records",
      tags: ["usage"],
      summary: "Record actual use, e.g. of a sample run without check-in (facility managers)",
      request: body(ZCreateUsageRecord),
      responses: { 201: json(ZUsageRecord), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await admin.recordUsage({ db: c.var.db, actor: requireActor(c.var.actor), input: c.req.valid("json") }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/qualifications",
      tags: ["usage"],
      summary: "Grant a user the qualification a resource requires (facility managers)",
      request: body(ZQualification),
      responses: { 201: json(z.object({ id: z.string() })), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await admin.grantQualification({ db: c.var.db, actor: requireActor(c.var.actor), input: c.req.valid("json") }),
        201,
      ),
  );
