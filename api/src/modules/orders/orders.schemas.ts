import { z } from "@hono/zod-openapi";
import { ZCursorQuery, ZDateTime, ZUuid } from "../../lib/openapi.ts";
import { ORDER_ACTIONS, ORDER_STATUSES } from "../../domain/order-state.ts";
import { ReportLanguage, TestPriceUnit, valuesOf } from "../../enums.ts";

export const ZOrderStatus = z.enum(ORDER_STATUSES).openapi("OrderStatus");
export const ZReportLanguage = z.enum(valuesOf(ReportLanguage)).openapi("ReportLanguage");

const ZServiceItem = z.object({ standardNumber: z.string(), itemZh: z.string(), itemEn: z.string() });

const ZBodyRef = z.object({
  id: z.uuid(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  cmaNumber: z.string().nullable(),
  cnasNumber: z.string().nullable(),
});

const ZServiceSummaryFields = {
  id: z.uuid(),
  code: z.string(),
  facilityCode: z.string(),
  resourceId: z.uuid().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  priceUnit: z.enum(valuesOf(TestPriceUnit)),
  priceInternalFen: z.number().int(),
  priceExternalFen: z.number().int(),
  turnaroundDays: z.number().int().openapi({ description: "Promised working days from sample receipt to report" }),
  retestWindowDays: z.number().int(),
  isSample: z.boolean(),
  items: z.array(ZServiceItem),
};

export const ZServiceSearchResult = z
  .object({
    query: z.string(),
    services: z.array(
      z.object({
        ...ZServiceSummaryFields,
        accreditedBodies: z.array(
          ZBodyRef.extend({ cma: z.boolean(), cnas: z.boolean(), items: z.array(ZServiceItem) }).openapi({
            description: "Performing bodies whose accredited scope covers a matched item of this service (only those)",
          }),
        ),
      }),
    ),
    bodies: z.array(
      ZBodyRef.extend({
        lines: z.array(
          z.object({
            standardNumber: z.string(),
            standardTitleZh: z.string(),
            standardTitleEn: z.string(),
            itemZh: z.string(),
            itemEn: z.string(),
            productZh: z.string(),
            productEn: z.string(),
            limits: z.string(),
            cma: z.boolean(),
            cnas: z.boolean(),
            isSample: z.boolean(),
          }),
        ),
      }),
    ),
  })
  .openapi("ServiceSearchResult");

export const ZServiceSearchQuery = z.object({
  q: z.string().max(100).default("").openapi({ example: "GB 38031" }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ZTestService = z
  .object({
    ...ZServiceSummaryFields,
    bodies: z.array(
      ZBodyRef.extend({
        coversAllItems: z.boolean(),
        items: z.array(
          ZServiceItem.extend({
            accredited: z.boolean(),
            cma: z.boolean(),
            cnas: z.boolean(),
            limits: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi("TestService");

export const ZCodeParam = z.object({ code: z.string().min(1).max(64) });
export const ZIdParam = z.object({ id: ZUuid });
export const ZFileParam = z.object({ id: ZUuid, fileId: ZUuid });

const text = (max: number) => z.string().trim().max(max);

export const ZRequestOrder = z
  .strictObject({
    serviceId: ZUuid,
    certificationBodyId: ZUuid.optional(),
    organizationId: ZUuid.optional(),
    sampleName: text(200).min(1),
    sampleQuantity: z.number().int().min(1).max(10_000),
    matrix: text(200).min(1).openapi({ description: "Product or matrix, e.g. 磷酸铁锂电芯, 饮用水" }),
    items: z.array(text(200).min(1)).min(1).max(50),
    standardNumber: text(100).min(1),
    reportLanguage: ZReportLanguage,
    retentionDays: z.number().int().min(0).max(365),
    hazards: text(1000).default(""),
    note: text(2000).default(""),
  })
  .openapi("RequestOrder");

export const ZOrderAction = z
  .strictObject({ reason: text(1000).optional() })
  .openapi("OrderAction", { description: "A reason is required to cancel or re-test." });

export const ZQuote = z
  .strictObject({
    priceFen: z.number().int().min(0).max(1_000_000_000),
    validUntil: ZDateTime,
    note: text(1000).optional(),
  })
  .openapi("Quote");

export const ZReceive = z
  .strictObject({
    condition: text(500).min(1).openapi({ example: "完好，密封" }),
    storage: text(200).min(1).openapi({ example: "样品室 A-03，2–8 °C" }),
    note: text(1000).optional(),
  })
  .openapi("ReceiveSample");

export const ZCustody = z
  .strictObject({
    action: z.enum(["STORED", "MOVED", "RETURNED", "DISPOSED"]),
    condition: text(500).min(1),
    storage: text(200).min(1),
    note: text(1000).optional(),
  })
  .openapi("CustodyEntry");

export const ZSchedule = z.strictObject({ start: ZDateTime, end: ZDateTime }).openapi("ScheduleRun");

export const ZUploadQuery = z.object({ filename: z.string().max(200).default("file") });

export const ZOrder = z
  .object({
    id: z.uuid(),
    code: z.string(),
    status: ZOrderStatus,
    facilityCode: z.string(),
    service: z.object({ id: z.uuid(), code: z.string(), nameZh: z.string(), nameEn: z.string() }),
    certificationBody: ZBodyRef.nullable(),
    organizationId: z.uuid().nullable(),
    organizationNameZh: z.string().nullable(),
    organizationNameEn: z.string().nullable(),
    requesterId: z.uuid(),
    requesterName: z.string(),
    sampleName: z.string(),
    sampleQuantity: z.number().int(),
    matrix: z.string(),
    items: z.array(z.string()),
    standardNumber: z.string(),
    reportLanguage: ZReportLanguage,
    retentionDays: z.number().int(),
    hazards: z.string(),
    note: z.string(),
    priceFen: z.number().int().nullable(),
    estimateFen: z
      .number()
      .int()
      .openapi({ description: "List price of the request (service price × samples × items)" }),
    quoteValidUntil: z.string().nullable(),
    quoteNote: z.string().nullable(),
    sampleCode: z.string().nullable(),
    receivedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    reportedAt: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    retentionEndsAt: z.string().nullable(),
    retestCount: z.number().int(),
    resourceId: z.uuid().nullable(),
    bookingId: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    actions: z.array(z.enum(ORDER_ACTIONS)),
    viewerParties: z.array(z.enum(["customer", "lab"])),
    events: z.array(
      z.object({
        action: z.string(),
        fromStatus: ZOrderStatus.nullable(),
        toStatus: ZOrderStatus,
        actorName: z.string().nullable(),
        reason: z.string().nullable(),
        at: z.string(),
      }),
    ),
    custody: z.array(
      z.object({
        action: z.string(),
        condition: z.string(),
        storage: z.string(),
        note: z.string(),
        actorName: z.string().nullable(),
        at: z.string(),
      }),
    ),
    attachments: z.array(
      z.object({
        id: z.uuid(),
        filename: z.string(),
        contentType: z.string(),
        sizeBytes: z.number().int(),
        createdAt: z.string(),
      }),
    ),
    report: z
      .object({
        id: z.uuid(),
        sha256: z.string(),
        verificationCode: z.string(),
        issuedAt: z.string(),
        downloaded: z.boolean(),
        filename: z.string(),
        sizeBytes: z.number().int(),
      })
      .nullable(),
    supersededReports: z.array(z.object({ verificationCode: z.string(), issuedAt: z.string(), sha256: z.string() })),
  })
  .openapi("Order");

export const ZListOrdersQuery = z.object({
  scope: z.enum(["mine", "organization", "board"]).default("organization"),
  status: ZOrderStatus.optional(),
  service: z.string().max(64).optional(),
  body: z.string().max(64).optional(),
  facility: z.string().max(64).optional(),
  q: z.string().max(100).optional(),
  ...ZCursorQuery,
});

export const ZOrderListItem = z
  .object({
    id: z.uuid(),
    code: z.string(),
    status: ZOrderStatus,
    facilityCode: z.string(),
    serviceCode: z.string(),
    serviceNameZh: z.string(),
    serviceNameEn: z.string(),
    bodyCode: z.string().nullable(),
    bodyNameZh: z.string().nullable(),
    bodyNameEn: z.string().nullable(),
    organizationNameZh: z.string().nullable(),
    organizationNameEn: z.string().nullable(),
    sampleName: z.string(),
    sampleQuantity: z.number().int(),
    sampleCode: z.string().nullable(),
    priceFen: z.number().int().nullable(),
    dueAt: z.string().nullable(),
    createdAt: z.string(),
    actions: z.array(z.enum(ORDER_ACTIONS)),
  })
  .openapi("OrderListItem");

export const ZSampleLabel = z
  .object({
    sampleCode: z.string(),
    orderCode: z.string(),
    sampleName: z.string(),
    sampleQuantity: z.number().int(),
    serviceNameZh: z.string(),
    serviceNameEn: z.string(),
    receivedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    hazards: z.string(),
    qrSvg: z.string().openapi({ description: "QR code of the sample code, as an SVG document" }),
  })
  .openapi("SampleLabel");

export const ZReportVerification = z
  .object({
    verificationCode: z.string(),
    validity: z.enum(["VALID", "SUPERSEDED", "WITHDRAWN"]),
    issuedAt: z.string(),
    supersededAt: z.string().nullable(),
    sha256: z.string(),
    orderCode: z.string(),
    facilityCode: z.string(),
    service: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }),
    certificationBody: z
      .object({
        code: z.string(),
        nameZh: z.string(),
        nameEn: z.string(),
        cmaNumber: z.string().nullable(),
        cnasNumber: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi("ReportVerification");

export const ZAnalyticsQuery = z.object({ from: ZDateTime, to: ZDateTime });

export const ZOrderAnalytics = z
  .object({
    from: z.string(),
    to: z.string(),
    byMonth: z.array(
      z.object({
        month: z.string(),
        bodyCode: z.string().nullable(),
        bodyNameZh: z.string().nullable(),
        serviceCode: z.string(),
        serviceNameZh: z.string(),
        orders: z.number().int(),
      }),
    ),
    turnaround: z.array(
      z.object({
        bodyCode: z.string().nullable(),
        total: z.boolean(),
        reported: z.number().int(),
        medianDays: z.number().nullable().openapi({
          description: "Median turnaround (sample receipt → first report) in working days of the holiday calendar",
        }),
        p90Days: z.number().nullable().openapi({ description: "90th percentile turnaround in working days" }),
        onTime: z.number().int(),
        onTimeRate: z
          .number()
          .nullable()
          .openapi({ description: "Reports at or before the promised date ÷ reports (3 decimals)" }),
      }),
    ),
    income: z
      .array(
        z.object({
          bodyCode: z.string().nullable(),
          bodyNameZh: z.string().nullable(),
          incomeFen: z.number().int(),
          orders: z.number().int(),
        }),
      )
      .openapi({
        description:
          "Income per performing body from the ledger: the orders' charge lines and the adjustments correcting " +
          "them, charged in the window (net of adjustments; pending, confirmed and disputed lines alike)",
      }),
  })
  .openapi("OrderAnalytics");
