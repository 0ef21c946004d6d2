import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError, assertOrdered } from "../../lib/app-error.ts";
import { MINUTE_MS, type Range } from "../../domain/ranges.ts";
import type { WaitlistStatus } from "../../enums.ts";
import { findEquivalentResources, findResourceById } from "../catalog/catalog.repository.ts";
import { checkItems, resolveOrganization } from "../bookings/booking-rules.ts";
import * as bookings from "../bookings/bookings.repository.ts";
import { admitsWaitlistHold } from "../fair-use/fair-use.service.ts";
import { onTopic, type NoticeContext } from "../notifications/topics.ts";
import { defineTopic } from "../notifications/topics.ts";
import type { Tx } from "../notifications/notifications.repository.ts";
import * as repo from "./waitlist.repository.ts";

/** How long an offer holds the freed slot for the member before it goes to the next in line. */
export const OFFER_HOLD_MINUTES = 120;

export type TWaitlistEntry = {
  id: string;
  resourceId: string;
  organizationId: string;
  windowStart: string;
  windowEnd: string;
  durationMin: number;
  purpose: string;
  status: WaitlistStatus;
  offerBookingId: string | null;
  includeEquivalents: boolean;
  createdAt: string;
  resource: { code: string; nameZh: string; nameEn: string };
};

const toEntry = (e: NonNullable<Awaited<ReturnType<typeof repo.findEntry>>>): TWaitlistEntry => ({
  id: e.id,
  resourceId: e.resourceId,
  organizationId: e.organizationId,
  windowStart: e.windowStart.toISOString(),
  windowEnd: e.windowEnd.toISOString(),
  durationMin: e.durationMin,
  purpose: e.purpose,
  status: e.status,
  offerBookingId: e.offerBookingId,
  includeEquivalents: e.includeEquivalents,
  createdAt: e.createdAt.toISOString(),
  resource: e.resource,
});

export type JoinWaitlistOptions = {
  db: Db;
  actor: Actor;
  input: {
    resourceId: string;
    window: Range;
    durationMin?: number | undefined;
    purpose?: string | undefined;
    organizationId?: string | undefined;
    /** Also take freed time on equivalent resources (same facility and kind). */
    includeEquivalents?: boolean | undefined;
  };
};

/** Joins the waitlist for an exact slot (no duration: the whole window) or for any fitting time in a window. */
export const joinWaitlist = async ({ db, actor, input }: JoinWaitlistOptions) => {
  // Named as the request names them (POST /waitlist: `start`, `end`).
  assertOrdered(input.window.start, input.window.end);
  const organizationId = resolveOrganization(actor, input.organizationId);
  const resource = await findResourceById(db, input.resourceId);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  const windowMin = Math.round((input.window.end - input.window.start) / MINUTE_MS);
  const durationMin = input.durationMin ?? windowMin;
  if (durationMin > windowMin || durationMin < resource.minDurationMin || durationMin > resource.maxDurationMin) {
    throw new AppError("VALIDATION_FAILED", "The duration must fit the window and the resource's limits.", {
      errors: [
        {
          path: "durationMin",
          message: `between ${resource.minDurationMin} and ${Math.min(windowMin, resource.maxDurationMin)}`,
        },
      ],
    });
  }
  if (input.window.end <= Date.now())
    throw new AppError("VALIDATION_FAILED", "The window is in the past.", {
      errors: [{ path: "windowEnd", message: "must be in the future" }],
    });
  const entry = await repo.insertEntry(db, {
    userId: actor.userId,
    organizationId,
    resourceId: resource.id,
    windowStart: new Date(input.window.start),
    windowEnd: new Date(input.window.end),
    durationMin,
    purpose: input.purpose ?? "",
    includeEquivalents: input.includeEquivalents ?? false,
  });
  return toEntry(entry);
};

export const listMyWaitlist = async ({
  db,
  actor,
  cursor,
  limit = 50,
}: {
  db: Db;
  actor: Actor;
  cursor?: string | undefined;
  limit?: number;
}) => {
  const rows = await repo.listEntriesOfUser(db, actor.userId, { ...(cursor ? { cursor } : {}), limit });
  const page = rows.slice(0, limit);
  return { items: page.map(toEntry), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
};

const ownEntry = async (db: Tx, actor: Actor, entryId: string) => {
  const entry = await repo.findEntry(db, entryId);
  if (!entry || entry.userId !== actor.userId) throw new AppError("NOT_FOUND", "No such waitlist entry.");
  return entry;
};

/** Leaves the waitlist; an open offer is given up and goes to the next in line. */
export const leaveWaitlist = async ({ db, actor, entryId }: { db: Db; actor: Actor; entryId: string }) => {
  const entry = await ownEntry(db, actor, entryId);
  if (entry.status === "OFFERED") return declineOffer({ db, actor, entryId });
  if (entry.status !== "WAITING")
    throw new AppError("INVALID_TRANSITION", `The entry is ${entry.status.toLowerCase()}.`);
  await repo.setEntryStatus(db, entry.id, "WAITING", "CANCELLED");
  return toEntry((await repo.findEntry(db, entry.id))!);
};

/** Accepting turns the offer's hold into the member's booking: a request, or approved where the resource approves itself. */
export const acceptOffer = async ({
  db,
  actor,
  entryId,
  now = Date.now(),
}: {
  db: Db;
  actor: Actor;
  entryId: string;
  now?: number;
}) => {
  const entry = await ownEntry(db, actor, entryId);
  const hold = entry.offerBookingId ? await repo.findOfferBooking(db, entry.offerBookingId) : null;
  // A manager may have approved the held slot from the queue already: then it is the member's booking.
  if (entry.status === "OFFERED" && hold?.status === "APPROVED") {
    await repo.setEntryStatus(db, entry.id, "OFFERED", "BOOKED");
    return toEntry((await repo.findEntry(db, entry.id))!);
  }
  if (
    entry.status !== "OFFERED" ||
    !hold ||
    hold.status !== "PENDING" ||
    (hold.holdExpiresAt && hold.holdExpiresAt.getTime() <= now)
  ) {
    throw new AppError("INVALID_TRANSITION", "This offer is no longer open.", { status: entry.status });
  }
  const resource = (await findResourceById(db, hold.resourceId))!;
  const [checked] = await checkItems({
    db,
    actor,
    organizationId: entry.organizationId,
    items: [{ resource, range: { start: hold.startsAt.getTime(), end: hold.endsAt.getTime() } }],
    now,
  });
  // Notice and horizon were the waitlist's business; what still matters is who may book.
  const blocking = checked!.violations.filter((v) =>
    ["QUALIFICATION_REQUIRED", "RESOURCE_UNAVAILABLE", "ORGANIZATION_UNVERIFIED", "SUSPENDED"].includes(v.code),
  );
  if (blocking.length > 0)
    throw new AppError("RULE_VIOLATION", blocking.map((v) => v.message).join(" "), { violations: blocking });
  const status = resource.approval === "AUTO" ? "APPROVED" : "PENDING";
  await inTransaction(db, async (tx) => {
    const { count } = await repo.convertOfferHold(tx, {
      id: hold.id,
      version: hold.version,
      status,
      holdExpiresAt: status === "PENDING" ? new Date(now + resource.holdMinutes * MINUTE_MS) : null,
      purpose: entry.purpose,
      quotedPriceFen: checked!.quotedPriceFen,
    });
    if (count === 0) throw new AppError("INVALID_TRANSITION", "This offer is no longer open.");
    await repo.setEntryStatus(tx, entry.id, "OFFERED", "BOOKED");
    await bookings.appendEvent(tx, {
      bookingId: hold.id,
      fromStatus: "PENDING",
      toStatus: status,
      actorId: actor.userId,
      reason: "waitlist offer accepted",
    });
    await bookings.enqueue(tx, status === "APPROVED" ? "booking.approved" : "booking.requested", {
      bookingId: hold.id,
      resourceId: resource.id,
      facilityId: resource.facilityId,
    });
  });
  return toEntry((await repo.findEntry(db, entry.id))!);
};

/** Declining frees the slot at once; the freed time goes to the next in line like any other. */
export const declineOffer = async ({ db, actor, entryId }: { db: Db; actor: Actor; entryId: string }) => {
  const entry = await ownEntry(db, actor, entryId);
  const hold = entry.offerBookingId ? await repo.findOfferBooking(db, entry.offerBookingId) : null;
  if (entry.status !== "OFFERED" || !hold) throw new AppError("INVALID_TRANSITION", "This offer is no longer open.");
  await inTransaction(db, async (tx) => {
    await repo.setEntryStatus(tx, entry.id, "OFFERED", "CANCELLED");
    const { count } = await repo.expireOfferHold(tx, hold);
    if (count === 1) {
      await bookings.appendEvent(tx, {
        bookingId: hold.id,
        fromStatus: "PENDING",
        toStatus: "EXPIRED",
        actorId: actor.userId,
        reason: "waitlist offer declined",
      });
      await bookings.enqueue(tx, "booking.expired", { bookingId: hold.id, requesterId: hold.requesterId });
    }
  });
  return toEntry((await repo.findEntry(db, entry.id))!);
};

const ceilTo = (ms: number, stepMin: number) => Math.ceil(ms / (stepMin * MINUTE_MS)) * stepMin * MINUTE_MS;

/**
 * Offers freed time to waiting members in order. Each offer is a PENDING hold under the same exclusion
 * constraint as every booking: if someone else took the time first, the insert finds a conflict and the
 * next entry is tried. The hold's expiry (the usual hold sweep) hands a lapsed offer on.
 */
export const offerFreedTime = async (tx: Tx, ctx: NoticeContext, now = Date.now()) => {
  const freed = ctx.booking;
  if (!freed) return;
  const offered = await repo.findEntryByOffer(tx, freed.id);
  if (offered) {
    // An offer that ran out or was declined: it is not the member's own request, so no "expired" mail.
    ctx.payload.waitlistOffer = true;
    if (offered.status === "OFFERED") await repo.setEntryStatus(tx, offered.id, "OFFERED", "LAPSED");
  }
  const resource = await findResourceById(tx as Db, freed.resourceId);
  if (!resource || resource.status !== "ACTIVE") return;
  const freeStart = Math.max(freed.startsAt.getTime(), now);
  const freeEnd = freed.endsAt.getTime();
  if (freeEnd <= freeStart) return;
  const equivalentIds = (await findEquivalentResources(tx as Db, resource, 50)).map((r) => r.id);
  const entries = await repo.lockWaitingEntries(tx, resource.id, equivalentIds, new Date(freeStart), new Date(freeEnd));
  for (const entry of entries) {
    const start = ceilTo(Math.max(entry.window_start.getTime(), freeStart), resource.granularityMin);
    const end = start + entry.duration_min * MINUTE_MS;
    if (end > Math.min(entry.window_end.getTime(), freeEnd)) continue;
    // The hold counts toward the organization's quota: offered only under the quota lock, like a request.
    const admitted = await admitsWaitlistHold({
      tx,
      organizationId: entry.organization_id,
      resource,
      range: { start, end },
      now,
    });
    if (!admitted) continue;
    const id = await bookings.tryInsertBooking(
      tx,
      {
        kind: "BOOKING",
        organizationId: entry.organization_id,
        requesterId: entry.user_id,
        resourceId: resource.id,
        unitId: freed.unitId,
        range: { start, end },
        bufferBeforeMin: resource.bufferBeforeMin,
        bufferAfterMin: resource.bufferAfterMin,
        status: "PENDING",
        purpose: entry.purpose,
        sampleDetails: null,
        quotedPriceFen: 0,
        seriesId: null,
        campaignId: null,
        holdExpiresAt: new Date(now + OFFER_HOLD_MINUTES * MINUTE_MS),
      },
      {
        actorId: entry.user_id,
        reason: "waitlist offer",
        notify: { topic: "waitlist.offered", payload: { entryId: entry.id, requesterId: entry.user_id } },
      },
    );
    if (!id) continue;
    await repo.setEntryStatus(tx, entry.id, "WAITING", "OFFERED", id);
  }
};

onTopic(
  ["booking.cancelled", "booking.cancelled_for_maintenance", "booking.rejected", "booking.expired", "booking.no_show"],
  (tx, ctx) => offerFreedTime(tx, ctx),
);

defineTopic("waitlist.offered", {
  to: ["requester"],
  link: () => "/waitlist",
  "zh-CN": (v) => ({
    subject: `候补时段可预约：${v.resource} ${v.when}`,
    lines: [
      `您候补的时段空出来了，已为您保留至 ${v.holdExpiresAt}。`,
      `设备：${v.resource}`,
      `时间：${v.when}`,
      `请在门户“我的候补”中接受或放弃。`,
    ],
  }),
  en: (v) => ({
    subject: `Waitlist offer: ${v.resource} ${v.when}`,
    lines: [
      `Time you waited for is free and held for you until ${v.holdExpiresAt}.`,
      `Resource: ${v.resource}`,
      `Time: ${v.when}`,
      `Accept or decline it under "My waitlist" in the portal.`,
    ],
  }),
});
