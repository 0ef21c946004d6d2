import ExcelJS from "exceljs";
import JSZip from "jszip";
import { toCsv } from "../../lib/csv.ts";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { formatYuan } from "../../domain/charging.ts";
import { getStatement } from "./statements.service.ts";
import { loadRedemptionPack, type PackReport } from "./vouchers.service.ts";

export type ExportFile = { body: Uint8Array<ArrayBuffer>; contentType: string; filename: string };
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Shanghai wall-clock time for people reading the sheet: '2026-12-01 09:00'. */
const local = (iso: string | Date | null | undefined) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ") : "";

// Amounts go out twice: integer fen (exact, summable) and yuan as exact text, never a float.
const money = (fen: number) => ({ fen, yuan: formatYuan(fen) });

const finish = async (workbook: ExcelJS.Workbook, filename: string): Promise<ExportFile> => ({
  body: new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer),
  contentType: XLSX,
  filename,
});

const book = () => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "中试通 Zhongshi";
  return workbook;
};

export const exportStatement = async ({ db, actor, statementId }: { db: Db; actor: Actor; statementId: string }) => {
  const s = await getStatement({ db, actor, statementId });
  const workbook = book();
  const sheet = workbook.addWorksheet("对账单 Statement");
  sheet.addRows([
    ["对账单编号 Statement no.", s.number],
    ["账期 Period", s.period],
    ["客户 Customer", `${s.organizationNameZh} / ${s.organizationNameEn}`],
    ["统一社会信用代码 USCC", s.uscc ?? ""],
    ["平台 Facility", `${s.facilityNameZh} / ${s.facilityNameEn} (${s.facilityCode})`],
    ["合计(分) Total (fen)", s.totalFen, "合计(元) Total (yuan)", formatYuan(s.totalFen)],
    ["已付(分) Paid (fen)", s.paidFen, "创新券(分) Vouchers (fen)", s.voucherFen],
    ["未付(分) Outstanding (fen)", s.outstandingFen, "状态 Status", s.paymentStatus],
    [],
  ]);
  const header = sheet.addRow([
    "设备/服务 Resource",
    "说明 Description",
    "类别 Class",
    "服务时间 Service time",
    "数量 Quantity",
    "单位 Unit",
    "单价(分) Unit price (fen)",
    "原价(分) Gross (fen)",
    "优惠(分) Discount (fen)",
    "金额(分) Amount (fen)",
    "金额(元) Amount (yuan)",
    "原因 Reason",
  ]);
  header.font = { bold: true };
  for (const g of s.groups) {
    for (const l of g.lines) {
      const m = money(l.amountFen);
      sheet.addRow([
        `${g.resourceCode ?? ""} ${g.resourceNameZh}`.trim(),
        l.description,
        l.customerClass === "INTERNAL" ? "内部 internal" : "对外 external",
        local(l.serviceAt),
        l.quantity,
        l.quantityUnit,
        l.unitPriceFen,
        l.grossFen,
        l.discountFen,
        m.fen,
        m.yuan,
        l.reason ?? "",
      ]);
    }
    const sub = sheet.addRow([
      `小计 Subtotal ${g.resourceNameZh}`,
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      g.subtotalFen,
      formatYuan(g.subtotalFen),
    ]);
    sub.font = { italic: true };
  }
  sheet.columns.forEach((c, i) => (c.width = [28, 32, 14, 18, 10, 10, 14, 14, 14, 14, 14, 28][i] ?? 14));
  return finish(workbook, `statement-${s.number}.xlsx`);
};

/** The columns of the reports' metadata, shared by the sheet and the CSV of the pack. */
const REPORT_COLUMNS: [string, (r: PackReport) => string | number | null][] = [
  ["订单号 Order no.", (r) => r.orderCode],
  ["订单状态 Order status", (r) => r.orderStatus],
  ["服务 Service", (r) => `${r.serviceCode} ${r.serviceNameZh}`],
  ["检测机构 Body", (r) => (r.certificationBodyCode ? `${r.certificationBodyCode} ${r.certificationBodyNameZh}` : "")],
  ["标准 Standard", (r) => r.standardNumber],
  ["样品 Sample", (r) => r.sampleName],
  ["样品数 Samples", (r) => r.sampleQuantity],
  ["样品编号 Sample code", (r) => r.sampleCode],
  ["收样 Received", (r) => local(r.receivedAt)],
  ["出报告 Reported", (r) => local(r.reportedAt)],
  ["费用(分) Charged (fen)", (r) => r.chargedFen],
  ["报告验证码 Verification code", (r) => r.verificationCode],
  ["验证页 Verify at", (r) => r.verifyPath],
  ["SHA-256", (r) => r.sha256],
  ["签发 Issued", (r) => local(r.issuedAt)],
  ["有效性 Validity", (r) => r.validity],
  ["文件名 File", (r) => r.filename],
];

/** The current report's verification code of each order, the reference a charge line carries. */
const reportRefs = (reports: PackReport[], orderCodes: Map<string, string>) => (sourceId: string) => {
  const code = orderCodes.get(sourceId);
  if (!code) return "";
  const current = reports.find((r) => r.orderCode === code && r.validity !== "SUPERSEDED");
  return current?.verificationCode ? `${code} / ${current.verificationCode}` : code;
};

/**
 * The pack an SME hands to the voucher office: the voucher and its redemptions, the charges it paid for,
 * for each booking the usage evidence (booked time, check-in and check-out), and for each order its report
 * references (verification code, sha256, validity; never the file).
 */
const redemptionWorkbook = async ({ db, actor, voucherId }: { db: Db; actor: Actor; voucherId: string }) => {
  const pack = await loadRedemptionPack({ db, actor, voucherId });
  const { voucher, lines, bookings, orders, reports } = pack;
  const refOf = reportRefs(reports, new Map(orders.map((o) => [o.id, o.code])));
  const workbook = book();
  const summary = workbook.addWorksheet("创新券 Voucher");
  summary.addRows([
    ["券号 Voucher no.", voucher.number],
    ["发放机构 Issuer", voucher.issuer],
    ["面额(分) Amount (fen)", voucher.amountFen, formatYuan(voucher.amountFen)],
    ["已兑付(分) Redeemed (fen)", voucher.redeemedFen, formatYuan(voucher.redeemedFen)],
    ["余额(分) Balance (fen)", voucher.balanceFen, formatYuan(voucher.balanceFen)],
    ["有效期 Validity", `${voucher.validFrom} – ${voucher.validTo}`],
    ...(voucher.isSample ? [["示例数据 Sample data", "是 yes"]] : []),
    [],
    ["对账单 Statement", "账期 Period", "兑付(分) Applied (fen)", "兑付时间 Applied at"],
    ...voucher.redemptions.map((r) => [r.statementNumber, r.period, r.amountFen, local(r.appliedAt)]),
  ]);
  summary.getColumn(1).width = 30;
  summary.getColumn(2).width = 28;

  const charges = workbook.addWorksheet("费用 Charges");
  charges.addRow(CHARGE_HEADER).font = { bold: true };
  for (const l of lines) charges.addRow(chargeRow(l, refOf));

  const usage = workbook.addWorksheet("使用凭证 Usage evidence");
  usage.addRow([
    "预约 Booking",
    "设备 Resource",
    "申请人 Requester",
    "预约开始 Booked start",
    "预约结束 Booked end",
    "签到 Check-in",
    "签退 Check-out",
    "状态 Status",
  ]).font = { bold: true };
  for (const b of bookings)
    for (const u of b.usageRecords.length > 0 ? b.usageRecords : [null])
      usage.addRow([
        b.id,
        `${b.resource.code} ${b.resource.nameZh}`,
        b.requester.name,
        local(b.startsAt),
        local(b.endsAt),
        local(u?.startedAt),
        local(u?.endedAt),
        b.status,
      ]);

  const reportSheet = workbook.addWorksheet("检测报告 Reports");
  reportSheet.addRow(REPORT_COLUMNS.map(([title]) => title)).font = { bold: true };
  for (const r of reports) reportSheet.addRow(REPORT_COLUMNS.map(([, value]) => value(r) ?? ""));
  for (const sheet of [charges, usage, reportSheet]) sheet.columns.forEach((c) => (c.width = 22));
  return { pack, workbook, refOf };
};

const CHARGE_HEADER = [
  "来源 Source",
  "来源编号 Source id",
  "说明 Description",
  "服务时间 Service time",
  "数量 Quantity",
  "单位 Unit",
  "金额(分) Amount (fen)",
  "金额(元) Amount (yuan)",
  "报告/订单 Report ref",
];
type PackLine = Awaited<ReturnType<typeof loadRedemptionPack>>["lines"][number];
const chargeRow = (l: PackLine, refOf: (sourceId: string) => string) => [
  l.sourceType,
  l.sourceId,
  l.description,
  local(l.serviceAt),
  l.quantity,
  l.quantityUnit,
  l.amountFen,
  formatYuan(l.amountFen),
  l.sourceType === "ORDER" ? refOf(l.sourceId) : "",
];

export const exportRedemptionPack = async (options: { db: Db; actor: Actor; voucherId: string }) => {
  const { pack, workbook } = await redemptionWorkbook(options);
  return finish(workbook, `voucher-pack-${pack.voucher.number}.xlsx`);
};

/**
 * The same pack as a ZIP (jszip) for the voucher office: the workbook above, each statement the voucher paid
 * as its own XLSX, and the charges and the reports' metadata as CSV (the one CSV writer) and JSON.
 */
export const exportRedemptionPackZip = async (options: { db: Db; actor: Actor; voucherId: string }) => {
  const { pack, workbook, refOf } = await redemptionWorkbook(options);
  const { voucher, lines, reports, statementIds } = pack;
  const name = `voucher-pack-${voucher.number}`;
  const zip = new JSZip();
  const folder = zip.folder(name)!;
  folder.file(`${name}.xlsx`, new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
  for (const statementId of statementIds) {
    const statement = await exportStatement({ ...options, statementId });
    folder.file(`statements/${statement.filename}`, statement.body);
  }
  folder.file(
    "charges.csv",
    toCsv(
      CHARGE_HEADER,
      lines.map((l) => chargeRow(l, refOf)),
    ),
  );
  folder.file(
    "reports.csv",
    toCsv(
      REPORT_COLUMNS.map(([title]) => title),
      reports.map((r) => REPORT_COLUMNS.map(([, value]) => value(r))),
    ),
  );
  folder.file(
    "reports.json",
    `${JSON.stringify(
      {
        voucher: { number: voucher.number, issuer: voucher.issuer, amountFen: voucher.amountFen },
        redemptions: voucher.redemptions,
        reports,
      },
      null,
      2,
    )}\n`,
  );
  const body = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  return { body: new Uint8Array(body), contentType: "application/zip", filename: `${name}.zip` } satisfies ExportFile;
};
