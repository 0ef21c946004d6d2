import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { toCsv } from "../../lib/csv.ts";
import { operatorScopeOf } from "../access/access.ts";
import * as repo from "./money.repository.ts";

export type IncomeQuery = { from: string; to: string };

/**
 * Service income per facility, month and customer class (对外服务收入 = EXTERNAL), and receivables per
 * facility and month (billed, paid, voucher-covered, outstanding). Sums are done by PostgreSQL in fen.
 */
/** Ten years of months, like the utilization reports: one request stays one bounded query. */
const MAX_INCOME_MONTHS = 120;

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
  const [income, receivables] = await Promise.all([
    repo.incomeByFacilityMonthClass(db, query.from, query.to, facilityIds),
    repo.receivablesByFacilityMonth(db, query.from, query.to, facilityIds),
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
 * an empty line, then the receivables table. Amounts are integer fen.
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
    ],
  );
  return { body, contentType: "text/csv; charset=utf-8", filename: `income-${report.from}-${report.to}.csv` };
};
