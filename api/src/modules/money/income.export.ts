import type ExcelJS from "exceljs";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { formatYuan, periodOf } from "../../domain/charging.ts";
import { getIncome } from "./income.service.ts";

/** The statement months a window of local dates [from, to) touches: 'YYYY-MM' to 'YYYY-MM'. */
export const periodsOfWindow = (from: string, to: string) => ({
  from: from.slice(0, 7),
  to: periodOf(Date.parse(`${to}T00:00:00+08:00`) - 1),
});

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
};

/**
 * Adds the income sheets to a workbook (the analytics export): test-order income per facility and performing
 * body, service income per facility, month and customer class (对外服务收入 = external), and receivables
 * (billed, paid, voucher-covered, outstanding), all over the statement months the window touches.
 * Amounts are integer fen, with yuan as exact text beside them. `facilityCode` narrows to one facility.
 */
export const addIncomeSheets = async (
  workbook: ExcelJS.Workbook,
  { db, actor, from, to, facilityCode }: { db: Db; actor: Actor; from: string; to: string; facilityCode?: string },
) => {
  const report = await getIncome({ db, actor, query: periodsOfWindow(from, to) });
  const mine = <T extends { facilityCode: string }>(rows: T[]) =>
    facilityCode ? rows.filter((r) => r.facilityCode === facilityCode) : rows;
  // Test-order income per performing body: the same ledger query as the order analytics and the income report.
  const byBody = workbook.addWorksheet("机构收入 Income by body", { views: [{ state: "frozen", ySplit: 1 }] });
  bold(
    byBody.addRow([
      "设施 Facility",
      "检测机构 Body",
      "机构名称 Body name",
      "订单 Orders",
      "收入(分) Income (fen)",
      "收入(元) Income (yuan)",
      "费用行 Lines",
    ]),
  );
  for (const r of mine(report.byBody))
    byBody.addRow([
      r.facilityCode,
      r.bodyCode ?? "",
      r.bodyNameZh ?? "",
      r.orders,
      r.incomeFen,
      formatYuan(r.incomeFen),
      r.lineCount,
    ]);
  const income = workbook.addWorksheet("服务收入 Income", { views: [{ state: "frozen", ySplit: 1 }] });
  bold(
    income.addRow([
      "设施 Facility",
      "月份 Month",
      "客户类别 Customer class",
      "收入(分) Income (fen)",
      "收入(元) Income (yuan)",
      "费用行 Lines",
    ]),
  );
  for (const r of mine(report.income))
    income.addRow([
      r.facilityCode,
      r.period,
      r.customerClass === "EXTERNAL" ? "对外 external" : "内部 internal",
      r.incomeFen,
      formatYuan(r.incomeFen),
      r.lineCount,
    ]);
  const receivables = workbook.addWorksheet("应收 Receivables", { views: [{ state: "frozen", ySplit: 1 }] });
  bold(
    receivables.addRow([
      "设施 Facility",
      "月份 Month",
      "开票(分) Billed (fen)",
      "已付(分) Paid (fen)",
      "创新券(分) Vouchers (fen)",
      "未付(分) Outstanding (fen)",
      "未付(元) Outstanding (yuan)",
    ]),
  );
  for (const r of mine(report.receivables))
    receivables.addRow([
      r.facilityCode,
      r.period,
      r.billedFen,
      r.paidFen,
      r.voucherFen,
      r.outstandingFen,
      formatYuan(r.outstandingFen),
    ]);
  for (const sheet of [byBody, income, receivables]) sheet.columns.forEach((c) => (c.width = 20));
};
