import type ExcelJS from "exceljs";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { toCsv } from "../../lib/csv.ts";
import { formatYuan } from "../../domain/charging.ts";
import { loadViewer, type OrderViewer } from "./orders.access.ts";
import { orderAnalytics } from "./list-orders.ts";

/**
 * The order analytics as CSV (the shared writer), one row per body that had orders, reports or income in the
 * window: orders requested, reports issued, turnaround median and p90 in working days, on-time rate, and the
 * ledger's income in fen and as exact yuan text. The center's own orders are the `(center staff)` row.
 */
export const exportOrderAnalyticsCsv = async (options: { db: Db; viewer: OrderViewer; from: Date; to: Date }) => {
  const a = await orderAnalytics(options);
  const codes = [
    ...new Set([
      ...a.byMonth.map((r) => r.bodyCode),
      ...a.turnaround.filter((r) => !r.total).map((r) => r.bodyCode),
      ...a.income.map((r) => r.bodyCode),
    ]),
  ];
  return toCsv(
    [
      "body",
      "orders",
      "reported",
      "turnaround_median_working_days",
      "turnaround_p90_working_days",
      "on_time_rate",
      "income_fen",
      "income_cny",
    ],
    codes.map((code) => {
      const t = a.turnaround.find((r) => !r.total && r.bodyCode === code);
      const incomeFen = a.income.find((r) => r.bodyCode === code)?.incomeFen ?? 0;
      return [
        code ?? "(center staff)",
        a.byMonth.filter((r) => r.bodyCode === code).reduce((n, r) => n + r.orders, 0),
        t?.reported ?? 0,
        t?.medianDays ?? "",
        t?.p90Days ?? "",
        t?.onTimeRate ?? "",
        incomeFen,
        formatYuan(incomeFen),
      ];
    }),
  );
};

/**
 * Adds the test-order sheets to a workbook (the analytics export), over the caller's order board: orders by
 * month, body and service; turnaround (receipt → first report, in working days) median, p90 and on-time rate
 * per body and in total. `from` and `to` are local dates, `to` excluded. Income per body is the money module's
 * sheet of the same workbook (`addIncomeSheets`), from the same ledger query as the order analytics.
 */
export const addOrderSheets = async (
  workbook: ExcelJS.Workbook,
  { db, actor, from, to }: { db: Db; actor: Actor; from: string; to: string },
) => {
  const a = await orderAnalytics({
    db,
    viewer: await loadViewer(db, actor),
    from: new Date(`${from}T00:00:00+08:00`),
    to: new Date(`${to}T00:00:00+08:00`),
  });
  const orders = workbook.addWorksheet("委托检测 Orders", { views: [{ state: "frozen", ySplit: 1 }] });
  orders.addRow([
    "月份 Month",
    "检测机构 Body",
    "机构名称 Body name",
    "服务 Service",
    "服务名称 Service name",
    "订单 Orders",
  ]).font = { bold: true };
  for (const r of a.byMonth)
    orders.addRow([r.month, r.bodyCode ?? "", r.bodyNameZh ?? "", r.serviceCode, r.serviceNameZh, r.orders]);

  const turnaround = workbook.addWorksheet("检测周期 Turnaround", { views: [{ state: "frozen", ySplit: 1 }] });
  turnaround.addRow([
    "检测机构 Body",
    "已出报告 Reported",
    "中位数(工作日) Median (working days)",
    "P90(工作日) P90 (working days)",
    "按期 On time",
    "按期率 On-time rate",
  ]).font = { bold: true };
  for (const r of a.turnaround)
    turnaround.addRow([
      r.total ? "合计 Total" : (r.bodyCode ?? ""),
      r.reported,
      r.medianDays,
      r.p90Days,
      r.onTime,
      r.onTimeRate,
    ]);
  turnaround.getColumn(6).numFmt = "0.0%";
  for (const sheet of [orders, turnaround]) sheet.columns.forEach((c) => (c.width = 20));
};
