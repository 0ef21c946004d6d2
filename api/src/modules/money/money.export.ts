import ExcelJS from "exceljs";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { formatYuan } from "../../domain/charging.ts";
import { getStatement } from "./statements.service.ts";
import { loadRedemptionPack } from "./vouchers.service.ts";

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

/**
 * The pack an SME hands to the voucher office: the voucher and its redemptions, the charges it paid for,
 * and for each booking the usage evidence (booked time, check-in and check-out). Order lines carry the
 * order id as the reference of their test report.
 */
export const exportRedemptionPack = async ({ db, actor, voucherId }: { db: Db; actor: Actor; voucherId: string }) => {
  const { voucher, lines, bookings } = await loadRedemptionPack({ db, actor, voucherId });
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
  charges.addRow([
    "来源 Source",
    "来源编号 Source id",
    "说明 Description",
    "服务时间 Service time",
    "数量 Quantity",
    "单位 Unit",
    "金额(分) Amount (fen)",
    "金额(元) Amount (yuan)",
    "报告/订单 Report ref",
  ]).font = { bold: true };
  for (const l of lines)
    charges.addRow([
      l.sourceType,
      l.sourceId,
      l.description,
      local(l.serviceAt),
      l.quantity,
      l.quantityUnit,
      l.amountFen,
      formatYuan(l.amountFen),
      l.sourceType === "ORDER" ? `order ${l.sourceId}` : "",
    ]);

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
  for (const sheet of [charges, usage]) sheet.columns.forEach((c) => (c.width = 22));
  return finish(workbook, `voucher-pack-${voucher.number}.xlsx`);
};
