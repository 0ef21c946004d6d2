import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { ZResourceOffer } from "../catalog/catalog.schemas.ts";
import { OfferKind, PRICE_UNITS } from "../../enums.ts";
import * as offers from "./offers.service.ts";

const ZParams = z.object({ code: z.string().min(1).max(60), kind: z.enum(OfferKind) });
const fen = z.number().int().min(0).max(100_000_000);
const ZSaveOffer = z
  .strictObject({
    priceUnit: z.enum(PRICE_UNITS),
    priceInternalFen: fen,
    priceExternalFen: fen,
    leadDays: z.number().int().min(0).max(365).default(0),
    countsTowardQuota: z.boolean().optional(),
    isSample: z.boolean().default(false),
  })
  .openapi("SaveResourceOffer");

export const offersRoutes = router()
  .openapi(
    createRoute({
      method: "put",
      path: "/resources/{code}/offers/{kind}",
      operationId: "saveResourceOffer",
      tags: ["catalog"],
      summary: "Offer a way of use: self-operated time (per hour) or sample submission (managers, admins)",
      request: { params: ZParams, ...body(ZSaveOffer) },
      responses: { 200: json(ZResourceOffer), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { code, kind } = c.req.valid("param");
      const fields = c.req.valid("json");
      return c.json(
        await offers.saveOffer({ db: c.var.db, actor: requireActor(c.var.actor), resourceCode: code, kind, fields }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/resources/{code}/offers/{kind}",
      operationId: "withdrawResourceOffer",
      tags: ["catalog"],
      summary: "Withdraw a way of use (managers, admins); past bookings keep it",
      request: { params: ZParams },
      responses: { 204: { description: "Withdrawn" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { code, kind } = c.req.valid("param");
      await offers.withdrawOffer({ db: c.var.db, actor: requireActor(c.var.actor), resourceCode: code, kind });
      return c.body(null, 204);
    },
  );
