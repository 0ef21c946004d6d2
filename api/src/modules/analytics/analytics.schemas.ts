import { z } from "@hono/zod-openapi";
import { RESOURCE_KINDS } from "../../enums.ts";

export const GROUP_BYS = ["facility", "resource", "unit"] as const;
export const PERIODS = ["day", "week", "month", "year"] as const;

const ZLocalDate = z.iso.date().openapi({ type: "string", format: "date", example: "2026-01-01" });

/** The report window is a half-open range of local (Asia/Shanghai) dates: [from, to). Default: this year. */
export const ZAnalyticsQuery = z.object({
  from: ZLocalDate.optional().openapi({ description: "First local date included (default: 1 January of this year)" }),
  to: ZLocalDate.optional().openapi({ description: "First local date NOT included (default: 1 January of next year)" }),
  facility: z.string().min(1).max(60).optional().openapi({ description: "Facility code" }),
  kind: z.enum(RESOURCE_KINDS).optional(),
});
export type TAnalyticsQuery = z.infer<typeof ZAnalyticsQuery>;

export const ZUtilizationQuery = ZAnalyticsQuery.extend({
  groupBy: z.enum(GROUP_BYS).default("facility"),
  period: z.enum(PERIODS).default("month"),
});
export type TUtilizationQuery = z.infer<typeof ZUtilizationQuery>;

const ZHours = z.number().openapi({ description: "Hours, 3 decimals" });
const ZRatio = z
  .number()
  .nullable()
  .openapi({ description: "0..1 (may exceed 1 for quota progress); null when the denominator is 0" });

export const ZMetrics = z.object({
  openHours: ZHours.openapi({ description: "Opening hours × active units (capacity)" }),
  bookedHours: ZHours.openapi({ description: "Booked hours inside opening hours (buffers excluded)" }),
  utilization: ZRatio.openapi({ description: "bookedHours ÷ openHours" }),
  effectiveHours: ZHours.openapi({ description: "有效工作机时, from usage records" }),
  outsideHours: ZHours.openapi({
    description: "对外服务机时: usage by organizations that are not operators of the facility",
  }),
  sharingRate: ZRatio.openapi({ description: "共享率 = outsideHours ÷ effectiveHours" }),
  quotaHours: z.number().nullable().openapi({ description: "Annual quota prorated to the period (null for units)" }),
  quotaProgress: ZRatio.openapi({ description: "effectiveHours ÷ quotaHours" }),
});

export const ZUtilizationRow = ZMetrics.extend({
  period: ZLocalDate.openapi({ description: "First local date of the period (Monday for weeks)" }),
  facility: z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() }),
  resource: z
    .object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string(), kind: z.enum(RESOURCE_KINDS) })
    .nullable(),
  unit: z.object({ id: z.string(), label: z.string() }).nullable(),
}).openapi("UtilizationRow");
export type TUtilizationRow = z.infer<typeof ZUtilizationRow>;

export const ZUtilization = z
  .object({
    from: ZLocalDate,
    to: ZLocalDate,
    groupBy: z.enum(GROUP_BYS),
    period: z.enum(PERIODS),
    items: z.array(ZUtilizationRow),
  })
  .openapi("Utilization");
export type TUtilization = z.infer<typeof ZUtilization>;

export const ZTopOrganization = z
  .object({
    facilityCode: z.string(),
    rank: z.number().int(),
    organizationId: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    isOperator: z.boolean(),
    effectiveHours: ZHours,
    bookings: z.number().int(),
  })
  .openapi("TopOrganization");

export const ZSummary = z
  .object({
    from: ZLocalDate,
    to: ZLocalDate,
    totals: ZMetrics,
    byFacility: z.array(
      ZMetrics.extend({
        facility: z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() }),
      }),
    ),
    requests: z.object({
      total: z.number().int(),
      pending: z.number().int(),
      approved: z.number().int(),
      checkedIn: z.number().int(),
      completed: z.number().int(),
      noShow: z.number().int(),
      rejected: z.number().int(),
      cancelled: z.number().int(),
      expired: z.number().int(),
    }),
    rates: z.object({
      rejection: ZRatio.openapi({ description: "REJECTED ÷ requests starting in the window" }),
      cancellation: ZRatio.openapi({ description: "CANCELLED ÷ requests starting in the window" }),
      noShow: ZRatio.openapi({ description: "NO_SHOW ÷ (COMPLETED + CHECKED_IN + NO_SHOW)" }),
    }),
    leadTime: z.object({
      decided: z
        .number()
        .int()
        .openapi({ description: "Requests created in the window that were approved or rejected by a manager" }),
      medianHours: z.number().nullable(),
      p90Hours: z.number().nullable(),
    }),
    topOrganizations: z.array(ZTopOrganization),
  })
  .openapi("AnalyticsSummary");
export type TSummary = z.infer<typeof ZSummary>;

export const ZHeatmap = z
  .object({
    from: ZLocalDate,
    to: ZLocalDate,
    /** All 7 × 24 cells, weekday-major. */
    cells: z.array(
      z.object({ weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23), bookedHours: ZHours }),
    ),
  })
  .openapi("AnalyticsHeatmap");
export type THeatmap = z.infer<typeof ZHeatmap>;
