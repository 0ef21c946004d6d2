import ExcelJS from "exceljs";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError, assertOrdered } from "../../lib/app-error.ts";
import { toCsv } from "../../lib/csv.ts";
import { localDate } from "../../domain/local-time.ts";
import * as repo from "./analytics.repository.ts";
import { analyticsScopeOf, requireAccess } from "../access/access.ts";
import { ensureCalendarYears, yearsOf } from "../calendar/calendar.service.ts";
import { addIncomeSheets } from "../money/income.export.ts";
import { addOrderSheets } from "../orders/order-analytics.export.ts";
import type {
  TAnalyticsQuery,
  THeatmap,
  TSummary,
  TUtilization,
  TUtilizationQuery,
  TUtilizationRow,
} from "./analytics.schemas.ts";

type Period = TUtilizationQuery["period"];

/** Longest window per period, so that one request stays one bounded query and a readable chart. */
const MAX_DAYS: Record<Period | "summary", number> = {
  day: 400,
  week: 3 * 366,
  month: 10 * 366,
  year: 10 * 366,
  summary: 10 * 366,
};

const DAY_MS = 86_400_000;
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const ratio = (numerator: number, denominator: number | null) =>
  denominator ? round(numerator / denominator, 4) : null;

const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;

/**
 * Who may see what: admins every facility, a facility manager only the facilities they manage, nobody else.
 * A named facility narrows the scope; naming one the manager does not manage is refused, not emptied.
 */
const resolveScope = async (
  db: Db,
  actor: Actor,
  query: TAnalyticsQuery,
  limit: Period | "summary",
): Promise<repo.Scope> => {
  requireAccess({ actor, permission: "analytics.read" });
  const thisYear = Number(localDate(Date.now()).slice(0, 4));
  const from = query.from ?? `${thisYear}-01-01`;
  const to = query.to ?? `${thisYear + 1}-01-01`;
  const days = daysBetween(from, to);
  assertOrdered(Date.parse(from), Date.parse(to), ["from", "to"]);
  if (days > MAX_DAYS[limit]) {
    throw new AppError("RANGE_TOO_LONG", `This report spans at most ${MAX_DAYS[limit]} days.`, {
      errors: [{ path: "to", message: `at most ${MAX_DAYS[limit]} days after from` }],
    });
  }
  let facilityId: string | undefined;
  if (query.facility) {
    const facility = await repo.findFacilityByCode(db, query.facility);
    if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
    facilityId = facility.id;
  }
  const facilityIds = analyticsScopeOf(actor, facilityId);
  // Opening hours follow the same calendar as bookings: derive provisional holidays for years with none.
  await ensureCalendarYears(
    db,
    yearsOf({ start: Date.parse(`${from}T00:00:00+08:00`), end: Date.parse(`${to}T00:00:00+08:00`) }),
  );
  return { from, to, facilityIds, kind: query.kind ?? null };
};

const toMetrics = (
  row: Pick<repo.UtilizationRow, "open_hours" | "booked_hours" | "effective_hours" | "outside_hours" | "quota_hours">,
) => ({
  openHours: round(row.open_hours),
  bookedHours: round(row.booked_hours),
  utilization: ratio(row.booked_hours, row.open_hours),
  effectiveHours: round(row.effective_hours),
  outsideHours: round(row.outside_hours),
  sharingRate: ratio(row.outside_hours, row.effective_hours),
  quotaHours: row.quota_hours === null ? null : round(row.quota_hours),
  quotaProgress: row.quota_hours === null ? null : ratio(row.effective_hours, row.quota_hours),
});

const toFacility = (row: repo.UtilizationRow) => ({
  id: row.facility_id,
  code: row.facility_code,
  nameZh: row.facility_name_zh,
  nameEn: row.facility_name_en,
});

const toRow = (row: repo.UtilizationRow): TUtilizationRow => ({
  period: row.period,
  facility: toFacility(row),
  resource: row.resource_id
    ? {
        id: row.resource_id,
        code: row.resource_code!,
        nameZh: row.resource_name_zh!,
        nameEn: row.resource_name_en!,
        kind: row.resource_kind as NonNullable<TUtilizationRow["resource"]>["kind"],
      }
    : null,
  unit: row.unit_id ? { id: row.unit_id, label: row.unit_label! } : null,
  ...toMetrics(row),
});

export type ReportOptions<Q> = { db: Db; actor: Actor; query: Q };

/** Opening hours, booked hours, utilization, machine hours, sharing rate and quota per group and period. */
export const getUtilization = async ({ db, actor, query }: ReportOptions<TUtilizationQuery>): Promise<TUtilization> => {
  const scope = await resolveScope(db, actor, query, query.period);
  const rows = await repo.findUtilization(db, scope, query.groupBy, query.period);
  return { from: scope.from, to: scope.to, groupBy: query.groupBy, period: query.period, items: rows.map(toRow) };
};

const TOP_ORGANIZATIONS = 5;

/** The KPIs of the window: totals and per facility, request outcomes, approval lead time, top organizations. */
export const getSummary = async ({ db, actor, query }: ReportOptions<TAnalyticsQuery>): Promise<TSummary> => {
  const scope = await resolveScope(db, actor, query, "summary");
  const [facilities, outcomes, leadTime, top] = await Promise.all([
    repo.findUtilization(db, scope, "facility", "total"),
    repo.findOutcomes(db, scope),
    repo.findLeadTime(db, scope),
    repo.findTopOrganizations(db, scope, TOP_ORGANIZATIONS),
  ]);
  const sum = (pick: (row: repo.UtilizationRow) => number) => facilities.reduce((acc, row) => acc + pick(row), 0);
  const attended = outcomes.completed + outcomes.checked_in + outcomes.no_show;
  return {
    from: scope.from,
    to: scope.to,
    totals: toMetrics({
      open_hours: sum((r) => r.open_hours),
      booked_hours: sum((r) => r.booked_hours),
      effective_hours: sum((r) => r.effective_hours),
      outside_hours: sum((r) => r.outside_hours),
      quota_hours: sum((r) => r.quota_hours ?? 0),
    }),
    byFacility: facilities.map((row) => ({ facility: toFacility(row), ...toMetrics(row) })),
    requests: {
      total: outcomes.requests,
      pending: outcomes.pending,
      approved: outcomes.approved,
      checkedIn: outcomes.checked_in,
      completed: outcomes.completed,
      noShow: outcomes.no_show,
      rejected: outcomes.rejected,
      cancelled: outcomes.cancelled,
      expired: outcomes.expired,
    },
    rates: {
      rejection: ratio(outcomes.rejected, outcomes.requests),
      cancellation: ratio(outcomes.cancelled, outcomes.requests),
      noShow: ratio(outcomes.no_show, attended),
    },
    leadTime: {
      decided: leadTime.decided,
      medianHours: leadTime.median_hours === null ? null : round(leadTime.median_hours),
      p90Hours: leadTime.p90_hours === null ? null : round(leadTime.p90_hours),
    },
    topOrganizations: top.map((t) => ({
      facilityCode: t.facility_code,
      rank: t.rank,
      organizationId: t.organization_id,
      nameZh: t.name_zh,
      nameEn: t.name_en,
      isOperator: t.is_operator,
      effectiveHours: round(t.effective_hours),
      bookings: t.bookings,
    })),
  };
};

/** Booked hours by local weekday (1 = Monday) and hour: all 168 cells, zeros included. */
export const getHeatmap = async ({ db, actor, query }: ReportOptions<TAnalyticsQuery>): Promise<THeatmap> => {
  const scope = await resolveScope(db, actor, query, "summary");
  const rows = await repo.findHeatmap(db, scope);
  const found = new Map(rows.map((r) => [`${r.weekday}:${r.hour}`, r.booked_hours]));
  const cells: THeatmap["cells"] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++)
      cells.push({ weekday, hour, bookedHours: round(found.get(`${weekday}:${hour}`) ?? 0) });
  }
  return { from: scope.from, to: scope.to, cells };
};

const COLUMNS: {
  header: string;
  key: string;
  width: number;
  value: (row: TUtilizationRow) => string | number | null;
}[] = [
  { header: "周期 Period", key: "period", width: 12, value: (r) => r.period },
  { header: "设施 Facility", key: "facility", width: 12, value: (r) => r.facility.code },
  { header: "设施名称 Facility name", key: "facilityName", width: 28, value: (r) => r.facility.nameZh },
  { header: "资源 Resource", key: "resource", width: 16, value: (r) => r.resource?.code ?? null },
  { header: "资源名称 Resource name", key: "resourceName", width: 28, value: (r) => r.resource?.nameZh ?? null },
  { header: "类型 Kind", key: "kind", width: 12, value: (r) => r.resource?.kind ?? null },
  { header: "单元 Unit", key: "unit", width: 16, value: (r) => r.unit?.label ?? null },
  { header: "开放机时 Open h", key: "openHours", width: 14, value: (r) => r.openHours },
  { header: "预约机时 Booked h", key: "bookedHours", width: 14, value: (r) => r.bookedHours },
  { header: "利用率 Utilization", key: "utilization", width: 14, value: (r) => r.utilization },
  { header: "有效工作机时 Effective h", key: "effectiveHours", width: 16, value: (r) => r.effectiveHours },
  { header: "对外服务机时 Outside h", key: "outsideHours", width: 16, value: (r) => r.outsideHours },
  { header: "共享率 Sharing rate", key: "sharingRate", width: 14, value: (r) => r.sharingRate },
  { header: "定额机时 Quota h", key: "quotaHours", width: 14, value: (r) => r.quotaHours },
  { header: "定额进度 Quota progress", key: "quotaProgress", width: 16, value: (r) => r.quotaProgress },
];

export type ExportFile = { body: Uint8Array<ArrayBuffer> | string; contentType: string; filename: string };

/** The utilization report as CSV (UTF-8 with BOM, so Excel reads the Chinese headers) or as an XLSX workbook. */
export const exportUtilization = async ({
  db,
  actor,
  query,
  format,
}: ReportOptions<TUtilizationQuery> & { format: "csv" | "xlsx" }): Promise<ExportFile> => {
  const report = await getUtilization({ db, actor, query });
  const filename = `utilization-${report.groupBy}-${report.period}-${report.from}-${report.to}.${format}`;
  if (format === "csv") {
    const body = toCsv(
      COLUMNS.map((c) => c.header),
      report.items.map((row) => COLUMNS.map((c) => c.value(row))),
    );
    return { body, contentType: "text/csv; charset=utf-8", filename };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "中试通 Zhongshi";
  const sheet = workbook.addWorksheet("利用率 Utilization", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = COLUMNS.map(({ header, key, width }) => ({ header, key, width }));
  for (const row of report.items) sheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, c.value(row)])));
  sheet.getRow(1).font = { bold: true };
  for (const key of ["utilization", "sharingRate", "quotaProgress"]) sheet.getColumn(key).numFmt = "0.0%";
  for (const key of ["openHours", "bookedHours", "effectiveHours", "outsideHours", "quotaHours"])
    sheet.getColumn(key).numFmt = "0.00";
  // The same window's test orders (#14) and service income and receivables (#15), one workbook for the office.
  await addOrderSheets(workbook, { db, actor, from: report.from, to: report.to });
  await addIncomeSheets(workbook, { db, actor, from: report.from, to: report.to, facilityCode: query.facility });
  const buffer = await workbook.xlsx.writeBuffer();
  return {
    body: new Uint8Array(buffer as ArrayBuffer),
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    filename,
  };
};
