import { randomBytes } from "node:crypto";
import { inTransaction, type Db } from "../../lib/db.ts";
import { AppError } from "../../lib/app-error.ts";
import { checkUpload, cleanFilename, type FilePurpose } from "../../domain/file-rules.ts";
import { isTerminal, retentionEnd } from "../../domain/order-state.ts";
import * as repo from "./orders.repository.ts";
import { createPgFileStore, type FileStore } from "./files.repository.ts";
import { partiesOf, type OrderViewer } from "./orders.access.ts";
import { loadOrder, viewOrder } from "./order-view.ts";
import { decideOrThrow, TOPICS } from "./transition-order.ts";

/** Crockford base32 without I, L, O, U: unambiguous when typed from paper. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 80 random bits as 16 characters, shown in groups of four on the report. */
export const newVerificationCode = () => {
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join("");
};

const checked = (bytes: Uint8Array, purpose: FilePurpose) => {
  const check = checkUpload(bytes, purpose);
  if (!check.ok) {
    throw new AppError(check.code === "TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : "UNSUPPORTED_MEDIA_TYPE", check.message, {
      reason: check.code,
    });
  }
  return check.contentType;
};

type Upload = { db: Db; viewer: OrderViewer; orderId: string; bytes: Uint8Array; filename: string };

/** Customers attach safety data sheets, photos or specifications; the lab may add its own. */
export const attachFile = async ({ db, viewer, orderId, bytes, filename }: Upload) => {
  const order = await loadOrder(db, viewer, orderId);
  if (isTerminal(order.status)) throw new AppError("INVALID_TRANSITION", `The order is ${order.status}.`);
  const contentType = checked(bytes, "ATTACHMENT");
  await inTransaction(db, async (tx) => {
    const stored = await createPgFileStore(tx).put({
      bytes,
      filename: cleanFilename(filename, "attachment"),
      contentType,
      createdById: viewer.userId,
    });
    await repo.addOrderFile(tx, {
      orderId: order.id,
      fileId: stored.id,
      kind: "ATTACHMENT",
      uploadedById: viewer.userId,
    });
  });
  return viewOrder(db, viewer, (await repo.findOrder(db, order.id))!);
};

/** Uploading the PDF issues the report: its sha256 and a verification code are stored with it. */
export const issueReport = async ({ db, viewer, orderId, bytes, filename, ifMatch }: Upload & { ifMatch?: string }) => {
  const order = await loadOrder(db, viewer, orderId);
  const now = Date.now();
  const to = decideOrThrow(order, viewer, "issueReport", undefined, { now }, ifMatch);
  const contentType = checked(bytes, "REPORT");
  await inTransaction(db, async (tx) => {
    const moved = await repo.applyTransition(tx, {
      orderId: order.id,
      version: order.version,
      from: order.status,
      to,
      action: "issueReport",
      actorId: viewer.userId,
      reason: null,
      change: { reportedAt: new Date(now), retentionEndsAt: new Date(retentionEnd(now, order.retentionDays)) },
      notify: {
        topic: TOPICS.issueReport,
        payload: {
          orderId: order.id,
          code: order.code,
          requesterId: order.requesterId,
          organizationId: order.organizationId,
        },
      },
    });
    if (!moved) throw new AppError("PRECONDITION_FAILED", "The order was changed by someone else just now.");
    const stored = await createPgFileStore(tx).put({
      bytes,
      filename: cleanFilename(filename, `${order.code}.pdf`),
      contentType,
      createdById: viewer.userId,
    });
    await repo.addOrderFile(tx, { orderId: order.id, fileId: stored.id, kind: "REPORT", uploadedById: viewer.userId });
    await repo.supersedeReports(tx, order.id);
    await repo.insertReport(tx, {
      orderId: order.id,
      fileId: stored.id,
      sha256: stored.sha256,
      verificationCode: newVerificationCode(),
      issuedById: viewer.userId,
    });
  });
  return viewOrder(db, viewer, (await repo.findOrder(db, order.id))!);
};

const fetchFile = async (store: FileStore, id: string) => {
  const file = await store.get(id);
  if (!file) throw new AppError("NOT_FOUND", "The file is gone.");
  return file;
};

/** The current report; a customer's download is recorded, since confirming requires it. */
export const downloadReport = async ({ db, viewer, orderId }: { db: Db; viewer: OrderViewer; orderId: string }) => {
  const order = await loadOrder(db, viewer, orderId);
  const report = order.reports.find((r) => r.supersededAt === null);
  if (!report) throw new AppError("NOT_FOUND", "No report has been issued for this order.");
  const file = await fetchFile(createPgFileStore(db), report.fileId);
  if (partiesOf(viewer, order).includes("customer")) await repo.markReportDownloaded(db, report.id);
  return file;
};

export const downloadAttachment = async ({
  db,
  viewer,
  orderId,
  fileId,
}: {
  db: Db;
  viewer: OrderViewer;
  orderId: string;
  fileId: string;
}) => {
  const order = await loadOrder(db, viewer, orderId);
  if (!order.files.some((f) => f.fileId === fileId && f.kind === "ATTACHMENT")) {
    throw new AppError("NOT_FOUND", "No such attachment on this order.");
  }
  return fetchFile(createPgFileStore(db), fileId);
};
