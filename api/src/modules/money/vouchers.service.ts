import { inTransaction, type Db } from "../../lib/db.ts";
import { reportValidity, type ReportValidity } from "../../domain/order-state.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { can, moneyScopeOf } from "../access/access.ts";
import * as repo from "./money.repository.ts";
import { canSeeMoneyOf, requireOperator, requireOrgAdmin } from "./money.access.ts";

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
/** Today's date in Asia/Shanghai, 'YYYY-MM-DD'. */
const shanghaiToday = (now: number) => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);

export const toVoucher = (v: repo.VoucherRow) => {
  const redeemedFen = v.redemptions.reduce((n, r) => n + r.amountFen, 0);
  return {
    id: v.id,
    organizationId: v.organizationId,
    number: v.number,
    issuer: v.issuer,
    amountFen: v.amountFen,
    redeemedFen,
    balanceFen: v.amountFen - redeemedFen,
    validFrom: dateOnly(v.validFrom),
    validTo: dateOnly(v.validTo),
    eligibleFacilityIds: v.eligibleFacilityIds,
    eligibleServiceTypes: v.eligibleServiceTypes,
    isSample: v.isSample,
    redemptions: v.redemptions.map((r) => ({
      id: r.id,
      statementId: r.statementId,
      statementNumber: r.statement.number,
      period: r.statement.period,
      amountFen: r.amountFen,
      appliedAt: r.appliedAt.toISOString(),
    })),
  };
};
export type TVoucher = ReturnType<typeof toVoucher>;

export type RegisterVoucherInput = {
  organizationId: string;
  number: string;
  issuer: string;
  amountFen: number;
  validFrom: string;
  validTo: string;
  eligibleFacilityIds: string[];
  eligibleServiceTypes: string[];
};

/** The organization's administrator registers a voucher it holds. */
export const registerVoucher = async ({ db, actor, input }: { db: Db; actor: Actor; input: RegisterVoucherInput }) => {
  await requireOrgAdmin(db, actor, input.organizationId);
  if (input.validFrom > input.validTo)
    throw new AppError("VALIDATION_FAILED", "`validTo` must not be before `validFrom`.", {
      errors: [{ path: "validTo", code: "not_before_start", message: "must not be before validFrom" }],
    });
  try {
    const v = await inTransaction(db, async (tx) => {
      const created = await repo.insertVoucher(tx, {
        ...input,
        validFrom: new Date(`${input.validFrom}T00:00:00Z`),
        validTo: new Date(`${input.validTo}T00:00:00Z`),
      });
      await repo.enqueue(tx, "charge.voucher_registered", {
        voucherId: created.id,
        organizationId: input.organizationId,
        amountFen: input.amountFen,
      });
      return created;
    });
    return toVoucher((await repo.findVoucher(db, v.id))!);
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw new AppError("ALREADY_EXISTS", "A voucher with this number is registered already.");
    throw error;
  }
};

export const listVouchers = async ({ db, actor }: { db: Db; actor: Actor }) =>
  (await repo.listVouchers(db, moneyScopeOf(actor).organizationIds)).map(toVoucher);

/** Vouchers are the holder's; the operator of a facility sees one through a statement it was applied to. */
const loadVoucher = async (db: Db, actor: Actor, voucherId: string) => {
  const v = await repo.findVoucher(db, voucherId);
  const visible =
    v &&
    (can(actor, "money.read", { organizationId: v.organizationId }) ||
      v.redemptions.some((r) => can(actor, "money.read", { facilityId: r.statement.facilityId })));
  if (!v || !visible) throw new AppError("NOT_FOUND", "No such voucher.");
  return v;
};

export const getVoucher = async ({ db, actor, voucherId }: { db: Db; actor: Actor; voucherId: string }) =>
  toVoucher(await loadVoucher(db, actor, voucherId));

export type ApplyVoucherOptions = {
  db: Db;
  actor: Actor;
  statementId: string;
  voucherId?: string | undefined;
  /** Alternatively the number printed on the voucher, looked up among the statement organization's. */
  voucherNumber?: string | undefined;
  amountFen: number;
  now?: number;
};

/**
 * The operator applies a voucher to a statement, for part or all of it. Refused beyond the voucher's
 * balance, beyond what the statement still owes, beyond the statement's eligible lines (facility and
 * service type), or outside the voucher's validity. The voucher and the statement are locked, so two
 * concurrent applications cannot both spend the same balance.
 */
export const applyVoucher = async ({
  db,
  actor,
  statementId,
  voucherId: givenId,
  voucherNumber,
  amountFen,
  now = Date.now(),
}: ApplyVoucherOptions) => {
  const statement = await repo.findStatement(db, statementId);
  if (!statement || !canSeeMoneyOf(actor, statement)) throw new AppError("NOT_FOUND", "No such statement.");
  requireOperator(actor, statement);
  const voucherId =
    givenId ?? (voucherNumber ? await repo.findVoucherIdByNumber(db, statement.organizationId, voucherNumber) : null);
  if (!voucherId) throw new AppError("NOT_FOUND", "The statement's organization holds no voucher with this number.");
  const voucher = await repo.findVoucher(db, voucherId);
  if (!voucher || voucher.organizationId !== statement.organizationId)
    throw new AppError("NOT_FOUND", "The statement's organization holds no such voucher.");
  const today = shanghaiToday(now);
  if (today < dateOnly(voucher.validFrom) || today > dateOnly(voucher.validTo))
    throw new AppError("VOUCHER_NOT_APPLICABLE", "The voucher is not valid today.", {
      validFrom: dateOnly(voucher.validFrom),
      validTo: dateOnly(voucher.validTo),
    });
  if (voucher.eligibleFacilityIds.length > 0 && !voucher.eligibleFacilityIds.includes(statement.facilityId))
    throw new AppError("VOUCHER_NOT_APPLICABLE", "The voucher does not cover this facility.");
  const eligibleFen = await eligibleAmount(db, statement, voucher.eligibleServiceTypes);
  await inTransaction(db, async (tx) => {
    await repo.lockVoucher(tx, voucherId);
    const locked = (await repo.lockStatement(tx, statementId))!;
    const balance = voucher.amountFen - (await repo.redeemedFen(tx, voucherId));
    const outstanding = locked.total_fen - (await repo.settledFen(tx, statementId));
    const coveredHere = statement.redemptions.reduce((n, r) => n + r.amountFen, 0);
    const limit = Math.min(balance, outstanding, eligibleFen - coveredHere);
    if (amountFen > limit)
      throw new AppError("AMOUNT_EXCEEDS_BALANCE", `At most ${Math.max(0, limit)} fen can be applied.`, {
        balanceFen: balance,
        outstandingFen: Math.max(0, outstanding),
        eligibleFen,
      });
    await repo.insertRedemption(tx, { voucherId, statementId, amountFen, appliedById: actor.userId });
    await repo.enqueue(tx, "charge.voucher_applied", {
      voucherId,
      statementId,
      organizationId: statement.organizationId,
      amountFen,
      balanceFen: balance - amountFen,
    });
  });
  return toVoucher((await repo.findVoucher(db, voucherId))!);
};

/** Sum of the statement's lines whose resource is of an eligible service type (all lines when none listed). */
const eligibleAmount = async (db: Db, statement: repo.StatementRow, types: string[]) => {
  if (types.length === 0) return statement.totalFen;
  const ids = [...new Set(statement.lines.map((l) => l.resourceId).filter((x): x is string => x !== null))];
  const kinds = new Map((await repo.findResources(db, ids)).map((r) => [r.id, r.kind as string]));
  return statement.lines
    .filter((l) => l.resourceId !== null && types.includes(kinds.get(l.resourceId) ?? ""))
    .reduce((n, l) => n + l.amountFen, 0);
};

/**
 * One row per test report of the orders a voucher paid for (an order without a report yet gets one row with
 * empty report fields): what the voucher office checks against the public verification page. Never the file.
 */
export type PackReport = {
  orderCode: string;
  orderStatus: string;
  serviceCode: string;
  serviceNameZh: string;
  serviceNameEn: string;
  certificationBodyCode: string | null;
  certificationBodyNameZh: string | null;
  standardNumber: string;
  sampleName: string;
  sampleQuantity: number;
  sampleCode: string | null;
  receivedAt: string | null;
  reportedAt: string | null;
  closedAt: string | null;
  chargedFen: number;
  verificationCode: string | null;
  verifyPath: string | null;
  sha256: string | null;
  issuedAt: string | null;
  validity: ReportValidity | null;
  filename: string | null;
  sizeBytes: number | null;
};

export const packReportsOf = ({ lines, orders, bodies, files }: repo.PackEvidence): PackReport[] => {
  const bodyOf = new Map(bodies.map((b) => [b.id, b]));
  const fileOf = new Map(files.map((f) => [f.id, f]));
  return orders.flatMap((o): PackReport[] => {
    const body = o.certificationBodyId ? bodyOf.get(o.certificationBodyId) : undefined;
    const chargedFen = lines.filter((l) => l.sourceId === o.id).reduce((n, l) => n + l.amountFen, 0);
    const order = {
      orderCode: o.code,
      orderStatus: o.status,
      serviceCode: o.service.code,
      serviceNameZh: o.service.nameZh,
      serviceNameEn: o.service.nameEn,
      certificationBodyCode: body?.code ?? null,
      certificationBodyNameZh: body?.organization.nameZh ?? null,
      standardNumber: o.standardNumber,
      sampleName: o.sampleName,
      sampleQuantity: o.sampleQuantity,
      sampleCode: o.sampleCode,
      receivedAt: o.receivedAt?.toISOString() ?? null,
      reportedAt: o.reportedAt?.toISOString() ?? null,
      closedAt: o.closedAt?.toISOString() ?? null,
      chargedFen,
    };
    const none = { verificationCode: null, verifyPath: null, sha256: null, issuedAt: null, validity: null };
    if (o.reports.length === 0) return [{ ...order, ...none, filename: null, sizeBytes: null }];
    return o.reports.map((r) => ({
      ...order,
      verificationCode: r.verificationCode,
      verifyPath: `/verify/${r.verificationCode}`,
      sha256: r.sha256,
      issuedAt: r.issuedAt.toISOString(),
      validity: reportValidity({ supersededAt: r.supersededAt, orderStatus: o.status }),
      filename: fileOf.get(r.fileId)?.filename ?? null,
      sizeBytes: fileOf.get(r.fileId)?.sizeBytes ?? null,
    }));
  });
};

/**
 * What a redemption pack holds: the voucher, the statements it paid, their lines, the usage evidence of the
 * bookings, and the orders with their reports' metadata.
 */
export const loadRedemptionPack = async ({ db, actor, voucherId }: { db: Db; actor: Actor; voucherId: string }) => {
  const voucher = await loadVoucher(db, actor, voucherId);
  const statementIds = [...new Set(voucher.redemptions.map((r) => r.statementId))];
  const evidence = await repo.findPackEvidence(db, statementIds);
  return { voucher: toVoucher(voucher), statementIds, ...evidence, reports: packReportsOf(evidence) };
};
