import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router, ZCursorQuery, ZDateTime } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { STATUSES, ZIdParam, ZMyQualification, ZNote, ZTrainingRequest } from "./qualifications.schemas.ts";
import * as training from "./qualifications.service.ts";

/** A decision on one request; the path stays a literal type, so the typed client tells the decisions apart. */
const decision = <P extends string, T extends z.ZodType>(path: P, operationId: string, summary: string, schema: T) =>
  createRoute({
    method: "post",
    path: `/training-requests/{id}/${path}` as const,
    operationId,
    tags: ["training"],
    summary,
    request: { params: ZIdParam, ...body(schema) },
    responses: { 200: json(ZTrainingRequest), ...problems(400, 401, 403, 404, 409) },
  });

export const qualificationsRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/resources/{code}/training-requests",
      operationId: "requestTraining",
      tags: ["training"],
      summary: "Ask for training on a resource that requires a qualification (members)",
      request: {
        params: z.object({ code: z.string().min(1).max(60) }),
        ...body(z.strictObject({ message: z.string().trim().max(1000).default("") })),
      },
      responses: { 201: json(ZTrainingRequest), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await training.requestTraining({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          resourceCode: c.req.valid("param").code,
          message: c.req.valid("json").message,
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/training-requests",
      operationId: "listTrainingRequests",
      tags: ["training"],
      summary: "Training requests: your own, and those of the facilities you manage (admins: all)",
      request: {
        query: z.object({
          ...ZCursorQuery,
          status: z.enum(STATUSES).optional(),
          mine: z.enum(["true", "false"]).optional(),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(ZTrainingRequest), nextCursor: z.string().nullable() })),
        ...problems(400, 401),
      },
    }),
    async (c) => {
      const { mine, ...query } = c.req.valid("query");
      return c.json(
        await training.listRequests({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          query: { ...query, mine: mine === "true" },
        }),
        200,
      );
    },
  )
  .openapi(
    decision(
      "schedule",
      "scheduleTraining",
      "Schedule the training (the facility's managers)",
      z.strictObject({ scheduledFor: ZDateTime, note: z.string().trim().max(1000).optional() }),
    ),
    async (c) =>
      c.json(
        await training.decideTraining({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          id: c.req.valid("param").id,
          input: { action: "schedule", ...c.req.valid("json") },
        }),
        200,
      ),
  )
  .openapi(
    decision(
      "grant",
      "grantTrainingQualification",
      "Record the training's completion and grant the qualification, with an expiry (managers)",
      z.strictObject({
        expiresAt: ZDateTime.nullable(),
        completedAt: ZDateTime.optional(),
        note: z.string().trim().max(1000).optional(),
      }),
    ),
    async (c) =>
      c.json(
        await training.decideTraining({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          id: c.req.valid("param").id,
          input: { action: "grant", ...c.req.valid("json") },
        }),
        200,
      ),
  )
  .openapi(
    decision(
      "decline",
      "declineTraining",
      "Decline a training request, with a reason (managers)",
      z.strictObject({ note: ZNote }),
    ),
    async (c) =>
      c.json(
        await training.decideTraining({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          id: c.req.valid("param").id,
          input: { action: "decline", note: c.req.valid("json").note },
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/training-requests/{id}/cancel",
      operationId: "cancelTrainingRequest",
      tags: ["training"],
      summary: "Withdraw your own training request",
      request: { params: ZIdParam },
      responses: { 200: json(ZTrainingRequest), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await training.decideTraining({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          id: c.req.valid("param").id,
          input: { action: "cancel" },
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/qualifications",
      operationId: "listMyQualifications",
      tags: ["training"],
      summary: "Your qualifications: valid, expired, or lapsed for lack of use",
      responses: { 200: json(z.object({ items: z.array(ZMyQualification) })), ...problems(401) },
    }),
    async (c) => c.json(await training.listMyQualifications({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  );
