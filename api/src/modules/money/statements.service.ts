import { z } from "@hono/zod-openapi";
import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { paymentStatus, periodOf } from "../../domain/charging.ts";
import { operatorScopeOf } from "../access/access.ts";
import * as repo from "./money.repository.ts";
import { canSeeMoneyOf, moneyScope, requireOperator } from "./money.access.ts";

/** The month before the one `now` falls in (Asia/Shanghai). */
export const previousPeriod = (now: number) => {
  const [y, m] = periodOf(now).split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

/** Per (organization, facility, month): ZS-202612-BATTERY-1A2B3C4D; supplementary ones end in -2, -3… */
export const statementNumber = (period: string, facilityCode: string, organizationId: string) =>
  `ZS-${period.replace("-", "")}-${facilityCode}-${organizationId.replaceAll("-", "").slice(0, 8).toUpperCase()}`;

/**
 * Issues the statements of `period`: one per organization and facility with confirmed lines not yet on a
 * statement (earlier months' stragglers included). Issuing again adds nothing. Returns the new ids.
 */
export const issueStatements = async ({
  db,
  period,
  facilityIds = null,
}: {
  db: Db;
  period: string;
  facilityIds?: string[] | null;
}) => {
  const groups = await repo.findUnstatedGroups(db, period, facilityIds);
  const issued: string[] = [];
  for (const g of groups) {
    const code = (await repo.findFacilityCode(db, g.facility_id))!;
    const row = await inTransaction(db, (tx) =>
      repo.issueStatement(tx, {
        organizationId: g.organization_id,
        facilityId: g.facility_id,
        period,
        baseNumber: statementNumber(period, code, g.organization_id),
      }),
    );
    if (row) issued.push(row.id);
  }
  return issued;
};

/** The operator (or an admin) issues statements for a month, limited to the facilities it runs. */
export const issueStatementsFor = async ({ db, actor, period }: { db: Db; actor: Actor; period: string }) => {
  const facilityIds = operatorScopeOf(actor, "statements.issue");
  if (period >= periodOf(Date.now()))
    throw new AppError("VALIDATION_FAILED", "Statements are issued for months that have ended.", {
      errors: [{ path: "period", code: "past_month", message: "must be a past month" }],
    });
  const ids = await issueStatements({ db, period, facilityIds });
  return { issued: ids.length };
};

/**
 * Job for api/src/jobs.ts: at the end of a month, confirm what is due and issue last month's statements.
 * Plain `(db) => Promise<void>`; issuing is idempotent, so running it every tick is harmless.
 */
export const closeChargePeriod = async (db: Db, { now = Date.now() } = {}) => {
  await issueStatements({ db, period: previousPeriod(now) });
};

const toStatement = async (db: Db, s: repo.StatementRow) => {
  const resourceIds = [...new Set(s.lines.map((l) => l.resourceId).filter((id): id is string => id !== null))];
  const [resources, [facility]] = await Promise.all([
    repo.findResources(db, resourceIds),
    repo.findFacilities(db, [s.facilityId]),
  ]);
  const byId = new Map(resources.map((r) => [r.id, r]));
  const groups = new Map<string, { resourceId: string | null; lines: typeof s.lines }>();
  for (const line of s.lines) {
    const key = line.resourceId ?? "";
    if (!groups.has(key)) groups.set(key, { resourceId: line.resourceId, lines: [] });
    groups.get(key)!.lines.push(line);
  }
  const paidFen = s.payments.reduce((n, p) => n + p.amountFen, 0);
  const voucherFen = s.redemptions.reduce((n, r) => n + r.amountFen, 0);
  return {
    id: s.id,
    number: s.number,
    period: s.period,
    organizationId: s.organizationId,
    organizationNameZh: s.organizationNameZh,
    organizationNameEn: s.organizationNameEn,
    uscc: s.uscc,
    facilityId: s.facilityId,
    facilityCode: facility?.code ?? "",
    facilityNameZh: facility?.nameZh ?? "",
    facilityNameEn: facility?.nameEn ?? "",
    issuedAt: s.issuedAt.toISOString(),
    totalFen: s.totalFen,
    paidFen,
    voucherFen,
    outstandingFen: Math.max(0, s.totalFen - paidFen - voucherFen),
    paymentStatus: paymentStatus({ totalFen: s.totalFen, settledFen: paidFen + voucherFen }),
    groups: [...groups.values()].map((g) => {
      const r = g.resourceId ? byId.get(g.resourceId) : undefined;
      return {
        resourceId: g.resourceId,
        resourceCode: r?.code ?? null,
        resourceNameZh: r?.nameZh ?? "调整 / 其他",
        resourceNameEn: r?.nameEn ?? "Adjustments / other",
        subtotalFen: g.lines.reduce((n, l) => n + l.amountFen, 0),
        lines: g.lines.map((l) => ({
          id: l.id,
          sourceType: l.sourceType,
          sourceId: l.sourceId,
          kind: l.kind,
          customerClass: l.customerClass,
          description: l.description,
          serviceAt: l.serviceAt.toISOString(),
          quantity: l.quantity,
          quantityUnit: l.quantityUnit,
          unitPriceFen: l.unitPriceFen,
          grossFen: l.grossFen,
          discountFen: l.discountFen,
          amountFen: l.amountFen,
          reason: l.reason,
        })),
      };
    }),
    payments: s.payments.map((p) => ({
      id: p.id,
      amountFen: p.amountFen,
      paidAt: p.paidAt.toISOString(),
      method: p.method,
      reference: p.reference,
    })),
    redemptions: s.redemptions.map((r) => ({
      id: r.id,
      voucherId: r.voucherId,
      voucherNumber: r.voucher.number,
      issuer: r.voucher.issuer,
      amountFen: r.amountFen,
      appliedAt: r.appliedAt.toISOString(),
    })),
  };
};
export type TStatement = Awaited<ReturnType<typeof toStatement>>;

export const getStatement = async ({ db, actor, statementId }: { db: Db; actor: Actor; statementId: string }) => {
  const s = await repo.findStatement(db, statementId);
  if (!s || !canSeeMoneyOf(actor, s)) throw new AppError("NOT_FOUND", "No such statement.");
  return toStatement(db, s);
};

const ZCursor = z.object({ p: z.string(), id: z.string() });

export const listStatements = async ({
  db,
  actor,
  filter,
  cursor,
  limit,
}: {
  db: Db;
  actor: Actor;
  filter: { organizationId?: string | undefined; facilityId?: string | undefined; period?: string | undefined };
  cursor?: string | undefined;
  limit: number;
}) => {
  const after = decodeCursor(cursor, ZCursor);
  const rows = await repo.listStatements(db, moneyScope(actor), filter, {
    after: after ? { period: after.p, id: after.id } : undefined,
    limit,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: await Promise.all(items.map((s) => toStatement(db, s))),
    nextCursor: rows.length > limit && last ? encodeCursor({ p: last.period, id: last.id }) : null,
  };
};

export type RecordPaymentOptions = {
  db: Db;
  actor: Actor;
  statementId: string;
  payment: { amountFen: number; paidAt: Date; method: string; reference?: string | undefined };
};

/** The operator records a payment; more than is outstanding is refused (overpayment is a refund problem). */
export const recordPayment = async ({ db, actor, statementId, payment }: RecordPaymentOptions) => {
  const s = await repo.findStatement(db, statementId);
  if (!s || !canSeeMoneyOf(actor, s)) throw new AppError("NOT_FOUND", "No such statement.");
  requireOperator(actor, s);
  await inTransaction(db, async (tx) => {
    const locked = (await repo.lockStatement(tx, statementId))!;
    const outstanding = locked.total_fen - (await repo.settledFen(tx, statementId));
    if (payment.amountFen > outstanding)
      throw new AppError("AMOUNT_EXCEEDS_BALANCE", `Only ${outstanding} fen are outstanding on this statement.`, {
        outstandingFen: Math.max(0, outstanding),
      });
    await repo.insertPayment(tx, {
      statementId,
      amountFen: payment.amountFen,
      paidAt: payment.paidAt,
      method: payment.method,
      reference: payment.reference ?? "",
      recordedById: actor.userId,
    });
    await repo.enqueue(tx, "charge.payment_recorded", {
      statementId,
      organizationId: s.organizationId,
      amountFen: payment.amountFen,
    });
  });
  return getStatement({ db, actor, statementId });
};
