import type { OrderRow, ServiceRow } from "./orders.repository.ts";
import { availableActions, type OrderParty } from "../../domain/order-state.ts";

export const toServiceSummary = (s: ServiceRow, facilityCode: string) => ({
  id: s.id,
  code: s.code,
  facilityCode,
  resourceId: s.resourceId,
  nameZh: s.nameZh,
  nameEn: s.nameEn,
  descriptionZh: s.descriptionZh,
  descriptionEn: s.descriptionEn,
  priceUnit: s.priceUnit,
  priceInternalFen: s.priceInternalFen,
  priceExternalFen: s.priceExternalFen,
  turnaroundDays: s.turnaroundDays,
  retestWindowDays: s.retestWindowDays,
  isSample: s.isSample,
  items: s.items.map((i) => ({ standardNumber: i.standardNumber, itemZh: i.itemZh, itemEn: i.itemEn })),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export type OrderNames = {
  users: Map<string, string>;
  organization: { nameZh: string; nameEn: string } | null;
  body: {
    code: string;
    name_zh: string;
    name_en: string;
    cma_number: string | null;
    cnas_number: string | null;
  } | null;
  facilityCode: string;
  files: Map<string, { filename: string; contentType: string; sizeBytes: number; sha256: string }>;
  /** List price of the request: the default of a quote. */
  estimateFen: number;
};

export const toOrder = (o: OrderRow, names: OrderNames, parties: OrderParty[]) => {
  const current = o.reports.find((r) => r.supersededAt === null) ?? null;
  const isLab = parties.includes("lab");
  return {
    id: o.id,
    code: o.code,
    status: o.status,
    facilityCode: names.facilityCode,
    service: { id: o.service.id, code: o.service.code, nameZh: o.service.nameZh, nameEn: o.service.nameEn },
    certificationBody: names.body
      ? {
          id: o.certificationBodyId!,
          code: names.body.code,
          nameZh: names.body.name_zh,
          nameEn: names.body.name_en,
          cmaNumber: names.body.cma_number,
          cnasNumber: names.body.cnas_number,
        }
      : null,
    organizationId: o.organizationId,
    organizationNameZh: names.organization?.nameZh ?? null,
    organizationNameEn: names.organization?.nameEn ?? null,
    requesterId: o.requesterId,
    requesterName: names.users.get(o.requesterId) ?? "",
    sampleName: o.sampleName,
    sampleQuantity: o.sampleQuantity,
    matrix: o.matrix,
    items: o.items,
    standardNumber: o.standardNumber,
    reportLanguage: o.reportLanguage,
    retentionDays: o.retentionDays,
    hazards: o.hazards,
    note: o.note,
    priceFen: o.priceFen,
    estimateFen: names.estimateFen,
    quoteValidUntil: iso(o.quoteValidUntil),
    quoteNote: o.quoteNote,
    sampleCode: o.sampleCode,
    receivedAt: iso(o.receivedAt),
    dueAt: iso(o.dueAt),
    reportedAt: iso(o.reportedAt),
    confirmedAt: iso(o.confirmedAt),
    closedAt: iso(o.closedAt),
    retentionEndsAt: iso(o.retentionEndsAt),
    retestCount: o.retestCount,
    resourceId: o.resourceId,
    bookingId: o.bookingId,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    /** What the caller may do next (facts such as quote validity are checked again on submit). */
    actions: availableActions(o.status, parties),
    viewerParties: parties,
    events: o.events.map((e) => ({
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorName: e.actorId ? (names.users.get(e.actorId) ?? null) : null,
      reason: e.reason,
      at: e.at.toISOString(),
    })),
    // Custody is the lab's record; the customer sees receipt through the events.
    custody: isLab
      ? o.custody.map((c) => ({
          action: c.action,
          condition: c.condition,
          storage: c.storage,
          note: c.note,
          actorName: names.users.get(c.actorId) ?? null,
          at: c.at.toISOString(),
        }))
      : [],
    attachments: o.files
      .filter((f) => f.kind === "ATTACHMENT")
      .map((f) => {
        const meta = names.files.get(f.fileId);
        return {
          id: f.fileId,
          filename: meta?.filename ?? "",
          contentType: meta?.contentType ?? "",
          sizeBytes: meta?.sizeBytes ?? 0,
          createdAt: f.createdAt.toISOString(),
        };
      }),
    report: current
      ? {
          id: current.id,
          sha256: current.sha256,
          verificationCode: current.verificationCode,
          issuedAt: current.issuedAt.toISOString(),
          downloaded: current.firstDownloadedAt !== null,
          filename: names.files.get(current.fileId)?.filename ?? "report.pdf",
          sizeBytes: names.files.get(current.fileId)?.sizeBytes ?? 0,
        }
      : null,
    supersededReports: o.reports
      .filter((r) => r.supersededAt !== null)
      .map((r) => ({ verificationCode: r.verificationCode, issuedAt: r.issuedAt.toISOString(), sha256: r.sha256 })),
  };
};
export type TOrder = ReturnType<typeof toOrder>;

export const etagOf = (o: { version: number }) => `"${o.version}"`;
