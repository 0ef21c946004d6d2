import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { toCsv } from "../../lib/csv.ts";
import { periodRange } from "../../domain/charging.ts";
import { operatorScopeOf } from "../access/access.ts";
import * as repo from "./money.repository.ts";

export type IncomeQuery = { from: string; to: string };

/** Ten years of months, like the utilization reports: one request stays one bounded query. */
const MAX_INCOME_MONTHS = 120;

/**
 * Income per performing certification body over [from, to), from the ledger (see `incomeByBody`): the order
 * analytics call this, so the order board, the income report and every export give the same figure.
 */
export const orderIncomeByBody = (
  db: Db,
  { from, to, scope }: { from: Date; to: Date; scope: repo.OrderIncomeScope },
) => repo.incomeByBody(db, { from, to, scope, perFacility: false });

/**
 * Service income per facility, month and customer class (对外服务收入 = EXTERNAL), test-order income per
 * facility and performing body, and receivables per facility and month (billed, paid, voucher-covered,
 * outstanding). Income is what the ledger charged, net of adjustments (see the money README). Sums are done by
 * PostgreSQL in fen.
 */
export const getIncome = async ({ db, actor, query }: { db: Db; actor: Actor; query: IncomeQuery }) => {
  const facilityIds = operatorScopeOf(actor, "income.read");
  if (query.from > query.to)
    throw new AppError("VALIDATION_FAILED", "`to` must not be before `from`.", {
      errors: [{ path: "to", message: "must not be before from" }],
    });
  const monthIndex = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7));
  if (monthIndex(query.to) - monthIndex(query.from) >= MAX_INCOME_MONTHS)
    throw new AppError("RANGE_TOO_LONG", `The income report spans at most ${MAX_INCOME_MONTHS} months.`, {
      errors: [{ path: "to", message: `at most ${MAX_INCOME_MONTHS} months from from` }],
    });
  const [income, receivables, byBody] = await Promise.all([
    repo.incomeByFacilityMonthClass(db, query.from, query.to, facilityIds),
    repo.receivablesByFacilityMonth(db, query.from, query.to, facilityIds),
    repo.incomeByBody(db, {
      // The statement months from..to as instants: a line's period is the local month of its service_at.
      from: new Date(periodRange(query.from).start),
      to: new Date(periodRange(query.to).end),
      scope: facilityIds === null ? null : { facilityIds, bodyIds: [] },
      perFacility: true,
    }),
  ]);
  return {
    from: query.from,
    to: query.to,
    income: income.map((r) => ({
      facilityId: r.facility_id,
      facilityCode: r.facility_code,
      period: r.period,
      customerClass: r.customer_class,
      incomeFen: r.income_fen,
      lineCount: r.line_count,
    })),
    byBody: byBody.map((r) => ({
      facilityId: r.facility_id!,
      facilityCode: r.facility_code!,
      bodyCode: r.body_code,
      bodyNameZh: r.body_name_zh,
      incomeFen: r.income_fen,
      orders: r.orders,
      lineCount: r.line_count,
    })),
    receivables: receivables.map((r) => ({
      facilityId: r.facility_id,
      facilityCode: r.facility_code,
      period: r.period,
      billedFen: r.billed_fen,
      paidFen: r.paid_fen,
      voucherFen: r.voucher_fen,
      outstandingFen: r.outstanding_fen,
    })),
    totals: {
      incomeFen: income.reduce((n, r) => n + r.income_fen, 0),
      externalIncomeFen: income.filter((r) => r.customer_class === "EXTERNAL").reduce((n, r) => n + r.income_fen, 0),
      voucherFen: receivables.reduce((n, r) => n + r.voucher_fen, 0),
      outstandingFen: receivables.reduce((n, r) => n + r.outstanding_fen, 0),
    },
  };
};

/**
 * The same report as CSV through the shared writer (BOM, quoting, formula neutralising): the income table,
 * an empty line, the receivables table, an empty line, then the income per body. Amounts are integer fen.
 */
export const exportIncomeCsv = async (options: { db: Db; actor: Actor; query: IncomeQuery }) => {
  const report = await getIncome(options);
  const body = toCsv(
    ["facility", "period", "customer_class", "income_fen", "lines"],
    [
      ...report.income.map((r) => [r.facilityCode, r.period, r.customerClass, r.incomeFen, r.lineCount]),
      [],
      ["facility", "period", "billed_fen", "paid_fen", "voucher_fen", "outstanding_fen"],
      ...report.receivables.map((r) => [
        r.facilityCode,
        r.period,
        r.billedFen,
        r.paidFen,
        r.voucherFen,
        r.outstandingFen,
      ]),
      [],
      ["facility", "body", "orders", "income_fen", "lines"],
      ...report.byBody.map((r) => [r.facilityCode, r.bodyCode ?? "", r.orders, r.incomeFen, r.lineCount]),
    ],
  );
  return { body, contentType: "text/csv; charset=utf-8", filename: `income-${report.from}-${report.to}.csv` };
};
