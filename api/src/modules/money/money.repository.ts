import type { Db } from "../../lib/db.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { ChargeSourceType, ChargeStatus, CustomerClass } from "../../enums.ts";

/** A transaction client or the root client: repositories work with either. */
export type Tx = Prisma.TransactionClient | Db;

// ---------------------------------------------------------------------------------------------------------
// Charging

export const findBookingForCharge = (tx: Tx, bookingId: string) =>
  tx.booking.findUnique({
    where: { id: bookingId },
    include: {
      resource: {
        select: {
          id: true,
          code: true,
          nameZh: true,
          nameEn: true,
          facilityId: true,
          priceUnit: true,
          priceInternalFen: true,
          priceExternalFen: true,
          billingIncrementMin: true,
        },
      },
      usageRecords: { orderBy: { startedAt: "asc" } },
    },
  });

export const isFacilityOperator = async (tx: Tx, facilityId: string, organizationId: string) =>
  (await tx.facilityOperator.count({ where: { facilityId, organizationId } })) > 0;

export const findDiscountBp = async (tx: Tx, facilityId: string, organizationId: string) =>
  (await tx.chargeDiscount.findUnique({ where: { facilityId_organizationId: { facilityId, organizationId } } }))
    ?.basisPoints ?? 0;

export type NewChargeLine = {
  organizationId: string;
  facilityId: string;
  resourceId: string | null;
  sourceType: ChargeSourceType;
  sourceId: string;
  kind: string;
  customerClass: CustomerClass;
  description: string;
  quantity: number;
  quantityUnit: string;
  unitPriceFen: number;
  grossFen: number;
  discountFen: number;
  amountFen: number;
  serviceAt: Date;
  period: string;
  status: "PENDING" | "CONFIRMED";
  confirmBy: Date;
  adjustsLineId?: string | null;
  reason?: string | null;
  approvedById?: string | null;
  createdById?: string | null;
};

/**
 * Inserts a line with its `charge.created` notice in one statement. ON CONFLICT DO NOTHING on
 * (source_type, source_id, kind) makes charging idempotent: a second call for the same source adds nothing.
 */
export const tryInsertChargeLine = async (tx: Tx, l: NewChargeLine): Promise<string | null> => {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH inserted AS (
      INSERT INTO charge_line (organization_id, facility_id, resource_id, source_type, source_id, kind, customer_class,
        description, quantity, quantity_unit, unit_price_fen, gross_fen, discount_fen, amount_fen, service_at, period,
        status, confirm_by, adjusts_line_id, reason, approved_by_id, created_by_id)
      VALUES (${l.organizationId}::uuid, ${l.facilityId}::uuid, ${l.resourceId}::uuid,
        ${l.sourceType}::"ChargeSourceType", ${l.sourceId}::uuid, ${l.kind}, ${l.customerClass}::"CustomerClass",
        ${l.description}, ${l.quantity}, ${l.quantityUnit}, ${l.unitPriceFen}, ${l.grossFen}, ${l.discountFen},
        ${l.amountFen}, ${l.serviceAt}, ${l.period}, ${l.status}::"ChargeStatus", ${l.confirmBy},
        ${l.adjustsLineId ?? null}::uuid, ${l.reason ?? null}, ${l.approvedById ?? null}::uuid, ${l.createdById ?? null}::uuid)
      ON CONFLICT DO NOTHING
      RETURNING id, organization_id, facility_id, amount_fen, status
    ), notice AS (
      INSERT INTO outbox (topic, payload)
      SELECT 'charge.created', jsonb_build_object('chargeId', id, 'organizationId', organization_id,
        'facilityId', facility_id, 'amountFen', amount_fen, 'status', status)
      FROM inserted
    )
    SELECT id FROM inserted`;
  return rows[0]?.id ?? null;
};

/** The instrument run of a test order (送样): the order is charged when it closes, never its run's time. */
export const isOrderRun = async (tx: Tx, bookingId: string) => (await tx.testOrder.count({ where: { bookingId } })) > 0;

/** COMPLETED bookings with no usage line: the safety net behind charging at check-out. */
export const findUnchargedCompletedBookings = (tx: Tx, limit: number) =>
  tx.$queryRaw<{ id: string }[]>`
    SELECT b.id FROM booking b
    WHERE b.status = 'COMPLETED' AND b.kind = 'BOOKING' AND b.organization_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM charge_line c WHERE c.source_type = 'BOOKING' AND c.source_id = b.id AND c.kind = 'USAGE')
      AND NOT EXISTS (SELECT 1 FROM test_order o WHERE o.booking_id = b.id)
    ORDER BY b.updated_at LIMIT ${limit}`;

/** CLOSED orders with no line (closed before charging moved into the closing transaction), with their service. */
export const findUnchargedClosedOrders = async (tx: Tx, limit: number) => {
  const ids = await tx.$queryRaw<{ id: string }[]>`
    SELECT o.id FROM test_order o
    WHERE o.status = 'CLOSED' AND o.organization_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM charge_line c WHERE c.source_type = 'ORDER' AND c.source_id = o.id)
    ORDER BY o.closed_at LIMIT ${limit}`;
  return tx.testOrder.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    include: {
      service: {
        select: { nameZh: true, resourceId: true, priceUnit: true, priceInternalFen: true, priceExternalFen: true },
      },
    },
  });
};

// ---------------------------------------------------------------------------------------------------------
// Charges: reading, confirmation, disputes

export const chargeInclude = {
  events: { orderBy: { id: "asc" } },
  statement: { select: { number: true } },
} satisfies Prisma.ChargeLineInclude;
export type ChargeRow = Prisma.ChargeLineGetPayload<{ include: typeof chargeInclude }>;

// findFirst, not findUnique: Prisma 7.10 batches concurrent findUnique calls into one query, and its query
// compiler panics on these nested includes ("selection.rs unwrap on None"). findFirst is never batched.
// An undefined id would make findFirst match any row, hence the explicit guard.
export const findCharge = async (tx: Tx, id: string) =>
  id ? tx.chargeLine.findFirst({ where: { id }, include: chargeInclude }) : null;

export type ChargeScope = { organizationIds: string[] | null; facilityIds: string[] | null };
export type ChargeFilter = {
  organizationId?: string | undefined;
  facilityId?: string | undefined;
  status?: ChargeStatus | undefined;
  period?: string | undefined;
};

/** Lines the scope allows, narrowed by the filter; newest first, keyset on (created_at, id). */
export const listCharges = (
  tx: Tx,
  scope: ChargeScope,
  filter: ChargeFilter,
  page: { after?: { createdAt: Date; id: string } | undefined; limit: number },
) =>
  tx.chargeLine.findMany({
    where: {
      AND: [
        scope.organizationIds || scope.facilityIds
          ? {
              OR: [
                ...(scope.organizationIds ? [{ organizationId: { in: scope.organizationIds } }] : []),
                ...(scope.facilityIds ? [{ facilityId: { in: scope.facilityIds } }] : []),
              ],
            }
          : {},
        filter.organizationId ? { organizationId: filter.organizationId } : {},
        filter.facilityId ? { facilityId: filter.facilityId } : {},
        filter.status ? { status: filter.status } : {},
        filter.period ? { period: filter.period } : {},
        page.after
          ? {
              OR: [
                { createdAt: { lt: page.after.createdAt } },
                { createdAt: page.after.createdAt, id: { lt: page.after.id } },
              ],
            }
          : {},
      ],
    },
    include: chargeInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });

/** Moves a line's status only from the one the caller saw: two decisions race fairly. */
export const moveChargeStatus = async (tx: Tx, id: string, from: ChargeStatus, to: ChargeStatus) =>
  (await tx.chargeLine.updateMany({ where: { id, status: from }, data: { status: to } })).count === 1;

export const appendChargeEvent = (
  tx: Tx,
  e: { chargeId: string; action: string; actorId: string | null; reason?: string | null },
) => tx.chargeEvent.create({ data: { ...e, reason: e.reason ?? null } });

export const enqueue = (tx: Tx, topic: string, payload: Record<string, unknown>) =>
  tx.outbox.create({ data: { topic, payload: payload as Prisma.InputJsonValue } });

/** Confirms every pending line past its confirmation date; claims rows with SKIP LOCKED. */
export const confirmDueCharges = async (tx: Tx, now: Date, batch: number) => {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH due AS (
      SELECT id FROM charge_line WHERE status = 'PENDING' AND confirm_by <= ${now}
      ORDER BY confirm_by LIMIT ${batch} FOR UPDATE SKIP LOCKED
    ), confirmed AS (
      UPDATE charge_line c SET status = 'CONFIRMED' FROM due WHERE c.id = due.id
      RETURNING c.id, c.organization_id, c.amount_fen
    ), events AS (
      INSERT INTO charge_event (charge_id, action, actor_id, reason)
      SELECT id, 'auto_confirm', NULL, 'confirmation period ended' FROM confirmed
    ), notices AS (
      INSERT INTO outbox (topic, payload)
      SELECT 'charge.confirmed', jsonb_build_object('chargeId', id, 'organizationId', organization_id, 'automatic', true)
      FROM confirmed
    )
    SELECT id FROM confirmed`;
  return rows.length;
};

// ---------------------------------------------------------------------------------------------------------
// Memberships and organizations

export const findRole = async (tx: Tx, userId: string, organizationId: string) =>
  (await tx.membership.findUnique({ where: { userId_organizationId: { userId, organizationId } } }))?.role ?? null;

export const findOrganization = (tx: Tx, id: string) => tx.organization.findUnique({ where: { id } });

export const findOrganizationMembers = (tx: Tx, organizationId: string) =>
  tx.membership.findMany({
    where: { organizationId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });

export const findUserByEmail = (tx: Tx, email: string) => tx.user.findUnique({ where: { email } });

export const upsertMembership = (tx: Tx, userId: string, organizationId: string, role: "MEMBER" | "ORG_ADMIN") =>
  tx.membership.upsert({
    where: { userId_organizationId: { userId, organizationId } },
    create: { userId, organizationId, role },
    update: { role },
  });

export const deleteMembership = async (tx: Tx, userId: string, organizationId: string) =>
  (await tx.membership.deleteMany({ where: { userId, organizationId, role: { in: ["MEMBER", "ORG_ADMIN"] } } })).count;

export const countOrgAdmins = (tx: Tx, organizationId: string) =>
  tx.membership.count({ where: { organizationId, role: "ORG_ADMIN" } });

export const setSpendingThreshold = (tx: Tx, organizationId: string, thresholdFen: number | null) =>
  tx.organization.update({ where: { id: organizationId }, data: { spendingThresholdFen: thresholdFen } });

// ---------------------------------------------------------------------------------------------------------
// Organization approval of bookings

export const findAwaitingOrgApproval = (tx: Tx, organizationIds: string[]) =>
  tx.booking.findMany({
    where: { organizationId: { in: organizationIds }, awaitingOrgApproval: true, status: "PENDING" },
    include: {
      resource: { select: { code: true, nameZh: true, nameEn: true, facilityId: true } },
      requester: { select: { name: true } },
    },
    orderBy: [{ holdExpiresAt: "asc" }, { id: "asc" }],
    take: 200,
  });

export const findBookingForOrgDecision = (tx: Tx, id: string) =>
  tx.booking.findUnique({ where: { id }, include: { resource: { select: { approval: true, facilityId: true } } } });

/** Applies the organization's decision if the booking is still as the caller saw it. */
export const decideOrgApproval = async (
  tx: Tx,
  b: { id: string; version: number },
  to: { status: "PENDING" | "APPROVED" | "REJECTED" },
  now: Date,
) =>
  (
    await tx.booking.updateMany({
      where: { id: b.id, version: b.version, status: "PENDING", awaitingOrgApproval: true },
      data: {
        status: to.status,
        awaitingOrgApproval: false,
        version: { increment: 1 },
        updatedAt: now,
        ...(to.status !== "PENDING" ? { holdExpiresAt: null } : {}),
      },
    })
  ).count === 1;

export const appendBookingEvent = (
  tx: Tx,
  e: {
    bookingId: string;
    fromStatus: "PENDING";
    toStatus: "PENDING" | "APPROVED" | "REJECTED";
    actorId: string;
    reason: string | null;
  },
) => tx.bookingEvent.create({ data: e });

// ---------------------------------------------------------------------------------------------------------
// Statements and payments

/** (organization, facility) pairs with confirmed lines of `period` or earlier that no statement carries yet. */
export const findUnstatedGroups = (tx: Tx, period: string, facilityIds: string[] | null) =>
  tx.$queryRaw<{ organization_id: string; facility_id: string }[]>`
    SELECT DISTINCT organization_id, facility_id FROM charge_line
    WHERE statement_id IS NULL AND status = 'CONFIRMED' AND period <= ${period}
      AND (${facilityIds}::uuid[] IS NULL OR facility_id = ANY(${facilityIds}::uuid[]))
    ORDER BY organization_id, facility_id`;

/**
 * Issues one statement: creates it and attaches the group's confirmed, unstated lines in one statement, so
 * the stored total is by construction the sum of the attached lines. A month already stated gets a
 * supplementary statement (sequence 2, 3…) for lines confirmed after it. Returns null when a concurrent
 * issuer won the race (its statement carries the lines).
 */
export const issueStatement = async (
  tx: Tx,
  s: { organizationId: string; facilityId: string; period: string; baseNumber: string },
) => {
  const rows = await tx.$queryRaw<{ id: string; total_fen: number }[]>`
    WITH org AS (
      SELECT name_zh, name_en, uscc FROM organization WHERE id = ${s.organizationId}::uuid
    ), seq AS (
      SELECT coalesce(max(sequence), 0) + 1 AS n FROM statement
      WHERE organization_id = ${s.organizationId}::uuid AND facility_id = ${s.facilityId}::uuid AND period = ${s.period}
    ), picked AS (
      SELECT id, amount_fen FROM charge_line
      WHERE organization_id = ${s.organizationId}::uuid AND facility_id = ${s.facilityId}::uuid
        AND statement_id IS NULL AND status = 'CONFIRMED' AND period <= ${s.period}
      FOR UPDATE
    ), created AS (
      INSERT INTO statement (number, organization_id, facility_id, period, sequence, organization_name_zh,
        organization_name_en, uscc, total_fen)
      SELECT ${s.baseNumber} || CASE WHEN seq.n > 1 THEN '-' || seq.n ELSE '' END, ${s.organizationId}::uuid,
        ${s.facilityId}::uuid, ${s.period}, seq.n, org.name_zh, org.name_en, org.uscc,
        (SELECT coalesce(sum(amount_fen), 0)::int FROM picked)
      FROM org, seq
      WHERE EXISTS (SELECT 1 FROM picked)
      ON CONFLICT DO NOTHING
      RETURNING id, total_fen
    ), attached AS (
      UPDATE charge_line c SET statement_id = created.id FROM created, picked WHERE c.id = picked.id
      RETURNING c.id
    ), notice AS (
      INSERT INTO outbox (topic, payload)
      SELECT 'charge.statement_issued', jsonb_build_object('statementId', id, 'organizationId', ${s.organizationId}::uuid,
        'period', ${s.period}::text, 'totalFen', total_fen)
      FROM created
    )
    SELECT id, total_fen FROM created`;
  return rows[0] ?? null;
};

export const findFacilityCode = async (tx: Tx, facilityId: string) =>
  (await tx.facility.findUnique({ where: { id: facilityId }, select: { code: true } }))?.code ?? null;

export const statementInclude = {
  lines: { orderBy: [{ resourceId: "asc" }, { serviceAt: "asc" }, { id: "asc" }] },
  payments: { orderBy: { paidAt: "asc" } },
  redemptions: { include: { voucher: { select: { number: true, issuer: true } } }, orderBy: { appliedAt: "asc" } },
} satisfies Prisma.StatementInclude;
export type StatementRow = Prisma.StatementGetPayload<{ include: typeof statementInclude }>;

export const findStatement = async (tx: Tx, id: string) =>
  id ? tx.statement.findFirst({ where: { id }, include: statementInclude }) : null;

export const listStatements = (
  tx: Tx,
  scope: ChargeScope,
  filter: { organizationId?: string | undefined; facilityId?: string | undefined; period?: string | undefined },
  page: { after?: { period: string; id: string } | undefined; limit: number },
) =>
  tx.statement.findMany({
    where: {
      AND: [
        scope.organizationIds || scope.facilityIds
          ? {
              OR: [
                ...(scope.organizationIds ? [{ organizationId: { in: scope.organizationIds } }] : []),
                ...(scope.facilityIds ? [{ facilityId: { in: scope.facilityIds } }] : []),
              ],
            }
          : {},
        filter.organizationId ? { organizationId: filter.organizationId } : {},
        filter.facilityId ? { facilityId: filter.facilityId } : {},
        filter.period ? { period: filter.period } : {},
        page.after
          ? { OR: [{ period: { lt: page.after.period } }, { period: page.after.period, id: { lt: page.after.id } }] }
          : {},
      ],
    },
    include: statementInclude,
    orderBy: [{ period: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });

export const findResources = (tx: Tx, ids: string[]) =>
  tx.resource.findMany({
    where: { id: { in: ids } },
    select: { id: true, code: true, nameZh: true, nameEn: true, kind: true },
  });

export const findFacilities = (tx: Tx, ids: string[]) =>
  tx.facility.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, nameZh: true, nameEn: true } });

/** Locks the statement so concurrent payments and voucher redemptions see each other's amounts. */
export const lockStatement = async (tx: Tx, id: string) => {
  const rows = await tx.$queryRaw<{ id: string; total_fen: number; facility_id: string; organization_id: string }[]>`
    SELECT id, total_fen, facility_id, organization_id FROM statement WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0] ?? null;
};

export const settledFen = async (tx: Tx, statementId: string) => {
  const [paid, covered] = await Promise.all([
    tx.payment.aggregate({ where: { statementId }, _sum: { amountFen: true } }),
    tx.voucherRedemption.aggregate({ where: { statementId }, _sum: { amountFen: true } }),
  ]);
  return (paid._sum.amountFen ?? 0) + (covered._sum.amountFen ?? 0);
};

export const insertPayment = (
  tx: Tx,
  p: { statementId: string; amountFen: number; paidAt: Date; method: string; reference: string; recordedById: string },
) => tx.payment.create({ data: p });

// ---------------------------------------------------------------------------------------------------------
// Vouchers

export const insertVoucher = (
  tx: Tx,
  v: {
    organizationId: string;
    number: string;
    issuer: string;
    amountFen: number;
    validFrom: Date;
    validTo: Date;
    eligibleFacilityIds: string[];
    eligibleServiceTypes: string[];
  },
) => tx.voucher.create({ data: v });

export const findVoucher = async (tx: Tx, id: string) =>
  !id
    ? null
    : tx.voucher.findFirst({
        where: { id },
        include: {
          redemptions: {
            include: { statement: { select: { number: true, period: true, facilityId: true } } },
            orderBy: { appliedAt: "asc" },
          },
        },
      });
export type VoucherRow = NonNullable<Awaited<ReturnType<typeof findVoucher>>>;

export const findVoucherIdByNumber = async (tx: Tx, organizationId: string, number: string) =>
  (await tx.voucher.findFirst({ where: { organizationId, number }, select: { id: true } }))?.id ?? null;

export const listVouchers = (tx: Tx, organizationIds: string[] | null) =>
  tx.voucher.findMany({
    where: organizationIds ? { organizationId: { in: organizationIds } } : {},
    include: {
      redemptions: {
        include: { statement: { select: { number: true, period: true, facilityId: true } } },
        orderBy: { appliedAt: "asc" },
      },
    },
    orderBy: [{ validTo: "desc" }, { id: "desc" }],
    take: 200,
  });

export const lockVoucher = async (tx: Tx, id: string) => {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM voucher WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length === 1;
};

export const redeemedFen = async (tx: Tx, voucherId: string) =>
  (await tx.voucherRedemption.aggregate({ where: { voucherId }, _sum: { amountFen: true } }))._sum.amountFen ?? 0;

export const insertRedemption = (
  tx: Tx,
  r: { voucherId: string; statementId: string; amountFen: number; appliedById: string },
) => tx.voucherRedemption.create({ data: r });

/** Everything a redemption pack shows for the statements a voucher paid: lines, bookings and their use. */
export const findPackEvidence = async (tx: Tx, statementIds: string[]) => {
  const lines = await tx.chargeLine.findMany({
    where: { statementId: { in: statementIds } },
    orderBy: [{ serviceAt: "asc" }, { id: "asc" }],
  });
  const bookingIds = lines.filter((l) => l.sourceType === "BOOKING").map((l) => l.sourceId);
  const bookings = await tx.booking.findMany({
    where: { id: { in: bookingIds } },
    include: {
      usageRecords: { orderBy: { startedAt: "asc" } },
      resource: { select: { code: true, nameZh: true } },
      requester: { select: { name: true } },
    },
  });
  const orderIds = [...new Set(lines.filter((l) => l.sourceType === "ORDER").map((l) => l.sourceId))];
  const orders = await tx.testOrder.findMany({
    where: { id: { in: orderIds } },
    orderBy: { code: "asc" },
    select: {
      id: true,
      code: true,
      status: true,
      sampleName: true,
      sampleQuantity: true,
      sampleCode: true,
      standardNumber: true,
      receivedAt: true,
      reportedAt: true,
      closedAt: true,
      certificationBodyId: true,
      service: { select: { code: true, nameZh: true, nameEn: true } },
      reports: {
        orderBy: { issuedAt: "asc" },
        select: { verificationCode: true, sha256: true, issuedAt: true, supersededAt: true, fileId: true },
      },
    },
  });
  const bodyIds = [...new Set(orders.flatMap((o) => (o.certificationBodyId ? [o.certificationBodyId] : [])))];
  const fileIds = orders.flatMap((o) => o.reports.map((r) => r.fileId));
  const [bodies, files] = await Promise.all([
    tx.certificationBody.findMany({
      where: { id: { in: bodyIds } },
      select: { id: true, code: true, organization: { select: { nameZh: true, nameEn: true } } },
    }),
    tx.storedFile.findMany({ where: { id: { in: fileIds } }, select: { id: true, filename: true, sizeBytes: true } }),
  ]);
  return { lines, bookings, orders, bodies, files };
};
export type PackEvidence = Awaited<ReturnType<typeof findPackEvidence>>;

// ---------------------------------------------------------------------------------------------------------
// Income analytics, all in SQL

export type IncomeRow = {
  facility_id: string;
  facility_code: string;
  period: string;
  customer_class: CustomerClass;
  income_fen: number;
  line_count: number;
};

/**
 * Service income per facility, month and customer class: every line, pending, confirmed or disputed, adjustments
 * included (see the README, "What income means").
 */
export const incomeByFacilityMonthClass = (tx: Tx, from: string, to: string, facilityIds: string[] | null) =>
  tx.$queryRaw<IncomeRow[]>`
    SELECT c.facility_id, f.code AS facility_code, c.period, c.customer_class::text AS customer_class,
      sum(c.amount_fen)::int AS income_fen, count(*)::int AS line_count
    FROM charge_line c JOIN facility f ON f.id = c.facility_id
    WHERE c.period >= ${from} AND c.period <= ${to}
      AND (${facilityIds}::uuid[] IS NULL OR c.facility_id = ANY(${facilityIds}::uuid[]))
    GROUP BY c.facility_id, f.code, c.period, c.customer_class
    ORDER BY f.code, c.period, c.customer_class`;

/** Which orders' income a caller may see: everything, or the orders of these facilities or bodies. */
export type OrderIncomeScope = { facilityIds: string[]; bodyIds: string[] } | null;

export type BodyIncomeRow = {
  /** Null when the figures are not split per facility. */
  facility_id: string | null;
  facility_code: string | null;
  /** Null for the orders the center performs itself (no certification body). */
  body_id: string | null;
  body_code: string | null;
  body_name_zh: string | null;
  income_fen: number;
  orders: number;
  line_count: number;
};

/**
 * Income per performing certification body, from the ledger (the one definition, used by the order analytics,
 * the income report and their exports): the ORDER lines of each order plus every ADJUSTMENT line that corrects
 * one of them (followed through `adjusts_line_id`, an adjustment of an adjustment included), whatever their
 * confirmation status, grouped by the order's certification body. A line counts in the window its `service_at`
 * falls in: the closing time for an order's lines, the time of the correction for an adjustment, whose local
 * month is the line's statement `period`. `perFacility` splits each body's figure per facility.
 */
export const incomeByBody = (
  tx: Tx,
  { from, to, scope, perFacility }: { from: Date; to: Date; scope: OrderIncomeScope; perFacility: boolean },
) =>
  tx.$queryRaw<BodyIncomeRow[]>`
    WITH RECURSIVE chain AS (
      SELECT c.id AS line_id, c.amount_fen, c.source_type, c.source_id, c.adjusts_line_id, 0 AS depth
      FROM charge_line c
      WHERE c.service_at >= ${from} AND c.service_at < ${to} AND c.source_type IN ('ORDER', 'ADJUSTMENT')
      UNION ALL
      SELECT ch.line_id, ch.amount_fen, p.source_type, p.source_id, p.adjusts_line_id, ch.depth + 1
      FROM chain ch JOIN charge_line p ON p.id = ch.adjusts_line_id
      WHERE ch.source_type = 'ADJUSTMENT' AND ch.depth < 100
    ), attributed AS (
      SELECT line_id, amount_fen, source_id AS order_id FROM chain WHERE source_type = 'ORDER'
    )
    SELECT
      CASE WHEN ${perFacility} THEN t.facility_id END AS facility_id,
      CASE WHEN ${perFacility} THEN f.code END AS facility_code,
      t.certification_body_id AS body_id, cb.code AS body_code, o.name_zh AS body_name_zh,
      sum(a.amount_fen)::int AS income_fen, count(DISTINCT t.id)::int AS orders, count(*)::int AS line_count
    FROM attributed a
    JOIN test_order t ON t.id = a.order_id
    JOIN facility f ON f.id = t.facility_id
    LEFT JOIN certification_body cb ON cb.id = t.certification_body_id
    LEFT JOIN organization o ON o.id = cb.organization_id
    WHERE ${scope === null}
      OR t.facility_id = ANY(${scope?.facilityIds ?? []}::uuid[])
      OR t.certification_body_id = ANY(${scope?.bodyIds ?? []}::uuid[])
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 2 NULLS FIRST, 6 DESC, 4 NULLS LAST`;

export type ReceivableRow = {
  facility_id: string;
  facility_code: string;
  period: string;
  billed_fen: number;
  paid_fen: number;
  voucher_fen: number;
  outstanding_fen: number;
};

/** Per facility and statement month: billed, paid, covered by vouchers, and still outstanding. */
export const receivablesByFacilityMonth = (tx: Tx, from: string, to: string, facilityIds: string[] | null) =>
  tx.$queryRaw<ReceivableRow[]>`
    WITH s AS (
      SELECT st.id, st.facility_id, st.period, st.total_fen,
        coalesce((SELECT sum(amount_fen) FROM payment p WHERE p.statement_id = st.id), 0) AS paid,
        coalesce((SELECT sum(amount_fen) FROM voucher_redemption v WHERE v.statement_id = st.id), 0) AS voucher
      FROM statement st
      WHERE st.period >= ${from} AND st.period <= ${to}
        AND (${facilityIds}::uuid[] IS NULL OR st.facility_id = ANY(${facilityIds}::uuid[]))
    )
    SELECT s.facility_id, f.code AS facility_code, s.period,
      sum(s.total_fen)::int AS billed_fen, sum(s.paid)::int AS paid_fen, sum(s.voucher)::int AS voucher_fen,
      sum(greatest(s.total_fen - s.paid - s.voucher, 0))::int AS outstanding_fen
    FROM s JOIN facility f ON f.id = s.facility_id
    GROUP BY s.facility_id, f.code, s.period
    ORDER BY f.code, s.period`;
