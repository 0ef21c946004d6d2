import type ExcelJS from "exceljs";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { loadViewer } from "./orders.access.ts";
import { orderAnalytics } from "./list-orders.ts";

/**
 * Adds the test-order sheets to a workbook (the analytics export), over the caller's order board: orders by
 * month, body and service; turnaround (receipt → first report) median, p90 and on-time rate per body and in
 * total; income per body. `from` and `to` are local dates, `to` excluded.
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
    "中位数(天) Median (days)",
    "P90(天) P90 (days)",
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

  const income = workbook.addWorksheet("机构收入 Income by body", { views: [{ state: "frozen", ySplit: 1 }] });
  income.addRow(["检测机构 Body", "机构名称 Body name", "订单 Orders", "收入(分) Income (fen)"]).font = { bold: true };
  for (const r of a.income) income.addRow([r.bodyCode ?? "", r.bodyNameZh ?? "", r.orders, r.incomeFen]);
  for (const sheet of [orders, turnaround, income]) sheet.columns.forEach((c) => (c.width = 20));
};
