import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router } from "../../lib/openapi.ts";
import { CalendarDayKind } from "../../enums.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import * as calendar from "./calendar.service.ts";

const ZYear = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const ZDateParam = z.object({ date: z.iso.date() });
const ZKind = z.enum(CalendarDayKind);
const ZCalendarDay = z
  .object({
    date: z.iso.date(),
    kind: ZKind,
    nameZh: z.string(),
    nameEn: z.string(),
    source: z.string(),
    provisional: z.boolean().openapi({ description: "Derived from the statutory rules; no official notice yet." }),
    statutory: z.boolean().openapi({
      description: "A statutory holiday by law (from 2025): it can be renamed, never removed or made a working day.",
    }),
  })
  .openapi("CalendarDay");
const ZCalendarYear = z
  .object({ year: z.number().int(), provisional: z.boolean(), days: z.array(ZCalendarDay) })
  .openapi("CalendarYear");
const ZSaveDay = z
  .object({
    kind: ZKind,
    nameZh: z.string().trim().min(1).max(60),
    nameEn: z.string().trim().min(1).max(80),
    source: z.string().trim().min(1).max(500),
  })
  .strict();
const ZImport = z
  .object({
    format: z.enum(["json", "csv"]),
    content: z.string().min(1).max(60_000),
  })
  .strict();

export const calendarRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/calendar/{year}",
      operationId: "getCalendarYear",
      tags: ["calendar"],
      summary: "Holidays and make-up working days (调休) of a year; provisional days until the notice is entered",
      request: { params: ZYear },
      responses: { 200: json(ZCalendarYear), ...problems(400) },
    }),
    async (c) => c.json(await calendar.getCalendarYear({ db: c.var.db, year: c.req.valid("param").year }), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/calendar/days/{date}",
      operationId: "saveCalendarDay",
      tags: ["calendar"],
      summary: "Add or change one official holiday or make-up working day (admins)",
      request: { params: ZDateParam, ...body(ZSaveDay) },
      responses: { 200: json(ZCalendarDay), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(
        await calendar.saveCalendarDay({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          entry: { date: c.req.valid("param").date, ...c.req.valid("json") },
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/calendar/days/{date}",
      operationId: "removeCalendarDay",
      tags: ["calendar"],
      summary: "Remove one calendar day (admins): the date follows the weekly rule again",
      request: { params: ZDateParam },
      responses: { 204: { description: "Removed" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await calendar.removeCalendarDay({
        db: c.var.db,
        actor: requireActor(c.var.actor),
        date: c.req.valid("param").date,
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/calendar/{year}/import",
      operationId: "importCalendarYear",
      tags: ["calendar"],
      summary: "Replace a year with the official notice, from JSON or CSV (date, kind, name, source) (admins)",
      request: { params: ZYear, ...body(ZImport) },
      responses: { 200: json(ZCalendarYear), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(
        await calendar.importCalendarYear({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          year: c.req.valid("param").year,
          ...c.req.valid("json"),
        }),
        200,
      ),
  );
