import { createRoute, z } from "@hono/zod-openapi";
import { json, problems, router } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { exportUtilization, getHeatmap, getSummary, getUtilization, type ExportFile } from "./analytics.service.ts";
import { ZAnalyticsQuery, ZHeatmap, ZSummary, ZUtilization, ZUtilizationQuery } from "./analytics.schemas.ts";

const tags = ["analytics"];
const file = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: z.string().openapi({ type: "string", format: "binary" }) } },
});
const download = ({ body, contentType, filename }: ExportFile) =>
  new Response(body, {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });

/** Utilization and policy metrics for admins (all facilities) and facility managers (their own). */
export const analyticsRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/analytics/utilization",
      operationId: "getUtilization",
      tags,
      summary:
        "Opening, booked and machine hours, utilization, sharing rate and quota per facility, resource or unit and per day, week, month or year",
      request: { query: ZUtilizationQuery },
      responses: { 200: json(ZUtilization), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await getUtilization({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/analytics/summary",
      operationId: "getAnalyticsSummary",
      tags,
      summary:
        "KPIs of the window: totals and per facility, request outcomes and rates, approval lead time, top organizations",
      request: { query: ZAnalyticsQuery },
      responses: { 200: json(ZSummary), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(await getSummary({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/analytics/heatmap",
      operationId: "getHeatmap",
      tags,
      summary: "Booked hours by local weekday and hour of day",
      request: { query: ZAnalyticsQuery },
      responses: { 200: json(ZHeatmap), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(await getHeatmap({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/analytics/export.csv",
      operationId: "exportAnalyticsCsv",
      tags,
      summary: "The utilization report as CSV (UTF-8 with BOM)",
      request: { query: ZUtilizationQuery },
      responses: { 200: file("text/csv", "CSV file"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      download(
        await exportUtilization({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          query: c.req.valid("query"),
          format: "csv",
        }),
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/analytics/export.xlsx",
      operationId: "exportAnalyticsXlsx",
      tags,
      summary: "The utilization report as an Excel workbook",
      request: { query: ZUtilizationQuery },
      responses: {
        200: file("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX file"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) =>
      download(
        await exportUtilization({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          query: c.req.valid("query"),
          format: "xlsx",
        }),
      ),
  );
