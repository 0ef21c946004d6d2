import { z } from "@hono/zod-openapi";
import { ZCursorQuery, ZDateTime, ZUuid } from "../../lib/openapi.ts";
import { ChargeSourceType, ChargeStatus, CustomerClass, ResourceKind } from "../../enums.ts";

/** Integer fen (分): money never travels as a float. */
const ZFen = z.number().int().min(-2_147_483_647).max(2_147_483_647);
const ZPositiveFen = z.number().int().min(1).max(2_147_483_647);
export const ZPeriod = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM")
  .openapi({ example: "2026-12" });
const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
  .openapi({ example: "2027-06-30" });
const ZChargeStatus = z.enum(ChargeStatus);

export const ZCharge = z
  .object({
    id: ZUuid,
    organizationId: ZUuid,
    facilityId: ZUuid,
    resourceId: ZUuid.nullable(),
    sourceType: z.enum(ChargeSourceType),
    sourceId: ZUuid,
    kind: z.string(),
    customerClass: z.enum(CustomerClass),
    description: z.string(),
    quantity: z.number().int(),
    quantityUnit: z.string(),
    unitPriceFen: ZFen,
    grossFen: ZFen,
    discountFen: ZFen,
    amountFen: ZFen,
    serviceAt: z.string(),
    period: ZPeriod,
    status: ZChargeStatus,
    confirmBy: z.string(),
    adjustsLineId: ZUuid.nullable(),
    reason: z.string().nullable(),
    approvedById: ZUuid.nullable(),
    statementId: ZUuid.nullable(),
    statementNumber: z.string().nullable(),
    createdAt: z.string(),
    events: z.array(
      z.object({ action: z.string(), actorId: ZUuid.nullable(), reason: z.string().nullable(), at: z.string() }),
    ),
  })
  .openapi("Charge");

export const ZChargeList = z
  .object({ items: z.array(ZCharge), nextCursor: z.string().nullable() })
  .openapi("ChargeList");
export const ZChargeQuery = z.object({
  organizationId: ZUuid.optional(),
  facilityId: ZUuid.optional(),
  status: ZChargeStatus.optional(),
  period: ZPeriod.optional(),
  ...ZCursorQuery,
});

export const ZReason = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
export const ZResolveDispute = z
  .strictObject({
    resolution: z.enum(["adjust", "reject"]),
    reason: z.string().trim().min(1).max(1000),
    adjustmentFen: ZFen.refine((n) => n !== 0, "must not be zero").optional(),
  })
  .openapi("ResolveDispute");
export const ZAdjustment = z
  .strictObject({
    amountFen: ZFen.refine((n) => n !== 0, "must not be zero"),
    reason: z.string().trim().min(1).max(1000),
  })
  .openapi("Adjustment");

const ZStatementLine = z.object({
  id: ZUuid,
  sourceType: z.string(),
  sourceId: ZUuid,
  kind: z.string(),
  customerClass: z.string(),
  description: z.string(),
  serviceAt: z.string(),
  quantity: z.number().int(),
  quantityUnit: z.string(),
  unitPriceFen: ZFen,
  grossFen: ZFen,
  discountFen: ZFen,
  amountFen: ZFen,
  reason: z.string().nullable(),
});
export const ZStatement = z
  .object({
    id: ZUuid,
    number: z.string(),
    period: ZPeriod,
    organizationId: ZUuid,
    organizationNameZh: z.string(),
    organizationNameEn: z.string(),
    uscc: z.string().nullable(),
    facilityId: ZUuid,
    facilityCode: z.string(),
    facilityNameZh: z.string(),
    facilityNameEn: z.string(),
    issuedAt: z.string(),
    totalFen: ZFen,
    paidFen: ZFen,
    voucherFen: ZFen,
    outstandingFen: ZFen,
    paymentStatus: z.enum(["UNPAID", "PARTLY_PAID", "PAID"]),
    groups: z.array(
      z.object({
        resourceId: ZUuid.nullable(),
        resourceCode: z.string().nullable(),
        resourceNameZh: z.string(),
        resourceNameEn: z.string(),
        subtotalFen: ZFen,
        lines: z.array(ZStatementLine),
      }),
    ),
    payments: z.array(
      z.object({ id: ZUuid, amountFen: ZFen, paidAt: z.string(), method: z.string(), reference: z.string() }),
    ),
    redemptions: z.array(
      z.object({
        id: ZUuid,
        voucherId: ZUuid,
        voucherNumber: z.string(),
        issuer: z.string(),
        amountFen: ZFen,
        appliedAt: z.string(),
      }),
    ),
  })
  .openapi("Statement");
export const ZStatementList = z
  .object({ items: z.array(ZStatement), nextCursor: z.string().nullable() })
  .openapi("StatementList");
export const ZStatementQuery = z.object({
  organizationId: ZUuid.optional(),
  facilityId: ZUuid.optional(),
  period: ZPeriod.optional(),
  ...ZCursorQuery,
});
export const ZIssueStatements = z.strictObject({ period: ZPeriod }).openapi("IssueStatements");
export const ZIssued = z.object({ issued: z.number().int() });
export const ZPayment = z
  .strictObject({
    amountFen: ZPositiveFen,
    paidAt: ZDateTime,
    method: z.enum(["BANK_TRANSFER", "CASH", "CARD", "OTHER"]),
    reference: z.string().trim().max(200).optional(),
  })
  .openapi("PaymentInput");

export const ZVoucher = z
  .object({
    id: ZUuid,
    organizationId: ZUuid,
    number: z.string(),
    issuer: z.string(),
    amountFen: ZFen,
    redeemedFen: ZFen,
    balanceFen: ZFen,
    validFrom: z.string(),
    validTo: z.string(),
    eligibleFacilityIds: z.array(ZUuid),
    eligibleServiceTypes: z.array(z.string()),
    isSample: z.boolean(),
    redemptions: z.array(
      z.object({
        id: ZUuid,
        statementId: ZUuid,
        statementNumber: z.string(),
        period: z.string(),
        amountFen: ZFen,
        appliedAt: z.string(),
      }),
    ),
  })
  .openapi("Voucher");
export const ZVoucherList = z.object({ items: z.array(ZVoucher) }).openapi("VoucherList");
export const ZRegisterVoucher = z
  .strictObject({
    organizationId: ZUuid,
    number: z.string().trim().min(1).max(100),
    issuer: z.string().trim().min(1).max(200),
    /** Up to ¥500,000 per the zone's reporting; the ledger accepts any positive int4. */
    amountFen: ZPositiveFen,
    validFrom: ZDate,
    validTo: ZDate,
    eligibleFacilityIds: z.array(ZUuid).max(50).default([]),
    eligibleServiceTypes: z.array(z.enum(ResourceKind)).max(5).default([]),
  })
  .openapi("RegisterVoucher");
/** The voucher by id, or by the number printed on it (what the customer hands the operator). */
export const ZApplyVoucher = z
  .strictObject({
    voucherId: ZUuid.optional(),
    voucherNumber: z.string().trim().min(1).max(100).optional(),
    amountFen: ZPositiveFen,
  })
  .refine((v) => (v.voucherId === undefined) !== (v.voucherNumber === undefined), {
    message: "give exactly one of voucherId and voucherNumber",
    path: ["voucherId"],
  })
  .openapi("ApplyVoucher");

export const ZOrgApproval = z
  .object({
    id: ZUuid,
    organizationId: ZUuid,
    resourceCode: z.string(),
    resourceNameZh: z.string(),
    resourceNameEn: z.string(),
    requesterName: z.string(),
    start: z.string(),
    end: z.string(),
    purpose: z.string(),
    quotedPriceFen: ZFen,
    holdExpiresAt: z.string().nullable(),
  })
  .openapi("OrgApproval");
export const ZOrgApprovalList = z.object({ items: z.array(ZOrgApproval) }).openapi("OrgApprovalList");
export const ZOrgDecision = z.object({ id: ZUuid, status: z.enum(["PENDING", "APPROVED", "REJECTED"]) });

export const ZOrganizationSettings = z
  .object({
    id: ZUuid,
    nameZh: z.string(),
    nameEn: z.string(),
    uscc: z.string().nullable(),
    spendingThresholdFen: ZFen.nullable(),
    members: z.array(z.object({ userId: ZUuid, name: z.string(), email: z.string(), role: z.string() })),
  })
  .openapi("OrganizationSettings");
export const ZThreshold = z
  .strictObject({ spendingThresholdFen: z.number().int().min(0).max(2_147_483_647).nullable() })
  .openapi("SpendingThreshold");
export const ZPutMember = z
  .strictObject({ email: z.email().max(254), role: z.enum(["MEMBER", "ORG_ADMIN"]) })
  .openapi("PutMember");

export const ZIncomeQuery = z.object({ from: ZPeriod, to: ZPeriod });
export const ZIncome = z
  .object({
    from: ZPeriod,
    to: ZPeriod,
    income: z.array(
      z.object({
        facilityId: ZUuid,
        facilityCode: z.string(),
        period: z.string(),
        customerClass: z.enum(CustomerClass),
        incomeFen: ZFen,
        lineCount: z.number().int(),
      }),
    ),
    byBody: z
      .array(
        z.object({
          facilityId: ZUuid,
          facilityCode: z.string(),
          bodyCode: z.string().nullable().openapi({ description: "Null: orders the center performs itself" }),
          bodyNameZh: z.string().nullable(),
          incomeFen: ZFen,
          orders: z.number().int().openapi({ description: "Orders with a line in these months" }),
          lineCount: z.number().int(),
        }),
      )
      .openapi({
        description:
          "Test-order income per facility and performing certification body: the orders' charge lines and the " +
          "adjustments correcting them, in these statement months (the same figure as the order analytics).",
      }),
    receivables: z.array(
      z.object({
        facilityId: ZUuid,
        facilityCode: z.string(),
        period: z.string(),
        billedFen: ZFen,
        paidFen: ZFen,
        voucherFen: ZFen,
        outstandingFen: ZFen,
      }),
    ),
    totals: z.object({ incomeFen: ZFen, externalIncomeFen: ZFen, voucherFen: ZFen, outstandingFen: ZFen }),
  })
  .openapi("Income");
