import { z } from "@hono/zod-openapi";
import QRCode from "qrcode";
import type { Db } from "../../lib/db.ts";
import { AppError, assertRangeWithin } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { consumeRateLimit } from "../auth/auth.service.ts";
import type { OrderStatus } from "../../domain/order-state.ts";
import * as repo from "./orders.repository.ts";
import { partiesOf, scopeFor, type OrderListScope, type OrderViewer } from "./orders.access.ts";
import { loadOrder } from "./order-view.ts";
import { orderIncomeByBody } from "../money/income.service.ts";
import { availableActions, reportValidity } from "../../domain/order-state.ts";

const ZCursor = z.object({ v: z.string(), id: z.string() });

export type ListOrdersFilter = {
  scope: OrderListScope;
  status?: OrderStatus | undefined;
  service?: string | undefined;
  body?: string | undefined;
  facility?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

export const listOrders = async ({ db, viewer, filter }: { db: Db; viewer: OrderViewer; filter: ListOrdersFilter }) => {
  const rows = await repo.findOrders(db, {
    scope: scopeFor(viewer, filter.scope),
    filter: {
      status: filter.status,
      serviceCode: filter.service,
      bodyCode: filter.body,
      facilityCode: filter.facility,
      q: filter.q?.trim() || undefined,
    },
    after: decodeCursor(filter.cursor, ZCursor),
    limit: filter.limit,
  });
  const items = rows.slice(0, filter.limit);
  const [organizations, bodies, facilities] = await Promise.all([
    repo.findOrganizationNames(
      db,
      items.flatMap((o) => (o.organizationId ? [o.organizationId] : [])),
    ),
    repo.findBodies(db, [...new Set(items.flatMap((o) => (o.certificationBodyId ? [o.certificationBodyId] : [])))]),
    repo.findFacilityCodes(
      db,
      items.map((o) => o.facilityId),
    ),
  ]);
  const bodyById = new Map(bodies.map((b) => [b.id, b]));
  const last = items.at(-1);
  return {
    items: items.map((o) => {
      const body = o.certificationBodyId ? bodyById.get(o.certificationBodyId) : undefined;
      const org = o.organizationId ? organizations.get(o.organizationId) : undefined;
      return {
        id: o.id,
        code: o.code,
        status: o.status,
        facilityCode: facilities.get(o.facilityId) ?? "",
        serviceCode: o.service.code,
        serviceNameZh: o.service.nameZh,
        serviceNameEn: o.service.nameEn,
        bodyCode: body?.code ?? null,
        bodyNameZh: body?.name_zh ?? null,
        bodyNameEn: body?.name_en ?? null,
        organizationNameZh: org?.nameZh ?? null,
        organizationNameEn: org?.nameEn ?? null,
        sampleName: o.sampleName,
        sampleQuantity: o.sampleQuantity,
        sampleCode: o.sampleCode,
        priceFen: o.priceFen,
        dueAt: o.dueAt?.toISOString() ?? null,
        createdAt: o.createdAt.toISOString(),
        actions: availableActions(o.status, partiesOf(viewer, o)),
      };
    }),
    nextCursor:
      rows.length > filter.limit && last ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id }) : null,
  };
};

/** The sample label: sample code, order number and a QR code of the sample code (SVG, printable at any size). */
export const sampleLabel = async ({ db, viewer, orderId }: { db: Db; viewer: OrderViewer; orderId: string }) => {
  const order = await loadOrder(db, viewer, orderId);
  if (!partiesOf(viewer, order).includes("lab")) throw new AppError("FORBIDDEN", "Labels are printed by the lab.");
  if (!order.sampleCode) throw new AppError("INVALID_TRANSITION", "The sample has not been received yet.");
  const qrSvg = await QRCode.toString(order.sampleCode, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return {
    sampleCode: order.sampleCode,
    orderCode: order.code,
    sampleName: order.sampleName,
    sampleQuantity: order.sampleQuantity,
    serviceNameZh: order.service.nameZh,
    serviceNameEn: order.service.nameEn,
    receivedAt: order.receivedAt?.toISOString() ?? null,
    dueAt: order.dueAt?.toISOString() ?? null,
    hazards: order.hazards,
    qrSvg,
  };
};

/** Public: what a report is, by its verification code. Rate-limited per client like sign-in. */
export const verifyReport = async ({ db, code, clientKey }: { db: Db; code: string; clientKey: string }) => {
  try {
    await consumeRateLimit(db, `verify:client:${clientKey}`, { attempts: 30, windowSeconds: 60 });
  } catch (error) {
    // The shared counter's message speaks of sign-in; keep its retry time, say what was limited.
    if (error instanceof AppError && error.code === "RATE_LIMITED") {
      throw new AppError(
        "RATE_LIMITED",
        "Too many report checks from this address. Try again in a minute.",
        error.extra,
      );
    }
    throw error;
  }
  const normalized = code.toUpperCase().replace(/[\s-]/g, "");
  const report = await repo.findReportByCode(db, normalized);
  if (!report) throw new AppError("NOT_FOUND", "No report has this verification code.");
  const validity = reportValidity({ supersededAt: report.superseded_at, orderStatus: report.order_status });
  return {
    verificationCode: report.verification_code,
    validity,
    issuedAt: report.issued_at.toISOString(),
    supersededAt: report.superseded_at?.toISOString() ?? null,
    sha256: report.sha256,
    orderCode: report.order_code,
    facilityCode: report.facility_code,
    service: { code: report.service_code, nameZh: report.service_name_zh, nameEn: report.service_name_en },
    certificationBody: report.body_code
      ? {
          code: report.body_code,
          nameZh: report.body_name_zh ?? "",
          nameEn: report.body_name_en ?? "",
          cmaNumber: report.cma_number,
          cnasNumber: report.cnas_number,
        }
      : null,
  };
};

export const orderAnalytics = async ({
  db,
  viewer,
  from,
  to,
}: {
  db: Db;
  viewer: OrderViewer;
  from: Date;
  to: Date;
}) => {
  // Monthly figures, like the utilization reports: at most ten years per request.
  assertRangeWithin(from, to, 10 * 366, ["from", "to"]);
  const scope = scopeFor(viewer, "board");
  const { facilityIds, bodyIds } = repo.analyticsScope(scope);
  const [result, income] = await Promise.all([
    repo.orderAnalytics(db, { scope, from, to }),
    // Income per body is the ledger's: the same query as the money module's income report.
    orderIncomeByBody(db, { from, to, scope: facilityIds === null ? null : { facilityIds, bodyIds } }),
  ]);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    byMonth: result.counts.map((r) => ({
      month: r.month,
      bodyCode: r.body_code,
      bodyNameZh: r.body_name_zh,
      serviceCode: r.service_code,
      serviceNameZh: r.service_name_zh,
      orders: r.orders,
    })),
    turnaround: result.turnaround.map((r) => ({
      bodyCode: r.total ? null : r.body_code,
      total: r.total,
      reported: r.reported,
      medianDays: r.median_days,
      p90Days: r.p90_days,
      onTime: r.on_time,
      onTimeRate: r.on_time_rate,
    })),
    income: income.map((r) => ({
      bodyCode: r.body_code,
      bodyNameZh: r.body_name_zh,
      incomeFen: r.income_fen,
      orders: r.orders,
    })),
  };
};

/**
 * The QR code the lab prints on the report: it opens the public verification page of the current report.
 * The portal's origin is the first allowed origin of the API's configuration.
 */
export const reportQr = async ({
  db,
  viewer,
  orderId,
  portalOrigin,
}: {
  db: Db;
  viewer: OrderViewer;
  orderId: string;
  portalOrigin: string;
}) => {
  const order = await loadOrder(db, viewer, orderId);
  const report = order.reports.find((r) => r.supersededAt === null);
  if (!report) throw new AppError("NOT_FOUND", "No report has been issued for this order.");
  const url = `${portalOrigin.replace(/\/$/, "")}/verify/${report.verificationCode}`;
  const qrSvg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { verificationCode: report.verificationCode, url, qrSvg };
};
