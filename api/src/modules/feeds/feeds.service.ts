import ical, { ICalEventStatus } from "ical-generator";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { can, requireAccess } from "../access/access.ts";
import { rotateMyFeed, rotateResourceFeed } from "../auth/auth.service.ts";
import * as repo from "./feeds.repository.ts";

const FEED_PAST_DAYS = 30;
/** Feeds cover a bounded window, like every other time range the API reads. */
const FEED_FUTURE_DAYS = 400;
const feedUrl = (kind: "users" | "resources", token: string) => `/api/v1/feeds/${kind}/${token}.ics`;
const tokenOf = (file: string) => file.replace(/\.ics$/, "");

const calendarOf = async (db: Db, name: string, of: { requesterId: string } | { resourceId: string }) => {
  // A resource's feed is public to whoever has its URL: it shows that a slot is taken, never by whom or why.
  const anonymous = "resourceId" in of;
  const bookings = await repo.findFeedBookings(db, of, {
    since: new Date(Date.now() - FEED_PAST_DAYS * 86_400_000),
    until: new Date(Date.now() + FEED_FUTURE_DAYS * 86_400_000),
  });
  const calendar = ical({ name, prodId: { company: "Zhongshi", product: "booking", language: "ZH" } });
  for (const b of bookings) {
    calendar.createEvent({
      id: `${b.id}@zhongshi`,
      start: b.startsAt,
      end: b.endsAt,
      stamp: b.updatedAt,
      summary: anonymous
        ? b.kind === "MAINTENANCE"
          ? "维护 Maintenance"
          : "已预约 Booked"
        : `${b.resource.nameZh} ${b.resource.code}`,
      description: anonymous ? null : `${b.purpose}\n状态 Status: ${b.status}`,
      location: b.resource.facility.nameZh,
      status: b.status === "PENDING" ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
};

export const getMyFeedUrl = async ({ db, actor }: { db: Db; actor: Actor }) => ({
  url: feedUrl("users", await repo.findUserFeedToken(db, actor.userId)),
});

export const getResourceFeedUrl = async ({ db, actor, code }: { db: Db; actor: Actor; code: string }) => {
  const resource = await repo.findResourceByCode(db, code);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  requireAccess({ actor, permission: "resource.feed.read", target: { facilityId: resource.facilityId } });
  return { url: feedUrl("resources", resource.feedToken) };
};

export const renderUserFeed = async ({ db, file }: { db: Db; file: string }) => {
  const user = await repo.findUserByFeedToken(db, tokenOf(file));
  if (!user || user.disabledAt) throw new AppError("NOT_FOUND", "No such feed.");
  return calendarOf(db, `中试通 · ${user.name}`, { requesterId: user.id });
};

export const renderResourceFeed = async ({ db, file }: { db: Db; file: string }) => {
  const resource = await repo.findResourceByFeedToken(db, tokenOf(file));
  if (!resource) throw new AppError("NOT_FOUND", "No such feed.");
  return calendarOf(db, `中试通 · ${resource.nameZh}`, { resourceId: resource.id });
};

/** A new secret URL for my feed; the old one stops working. */
export const rotateMyFeedUrl = async ({ db, actor }: { db: Db; actor: Actor }) => ({
  url: feedUrl("users", await rotateMyFeed({ db, actor })),
});

/** A new secret URL for a resource's feed (its facility's managers; 404 for everyone else). */
export const rotateResourceFeedUrl = async ({ db, actor, code }: { db: Db; actor: Actor; code: string }) => {
  const resource = await repo.findResourceByCode(db, code);
  if (!resource || !can(actor, "resource.feed.read", { facilityId: resource.facilityId }))
    throw new AppError("NOT_FOUND", "No such resource.");
  return { url: feedUrl("resources", await rotateResourceFeed({ db, actor, resourceId: resource.id })) };
};
