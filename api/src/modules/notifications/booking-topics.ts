import { HOUR_MS, MINUTE_MS } from "../../domain/ranges.ts";
import { defineTopic, onTopic, type NoticeContext } from "./topics.ts";
import { cancelScheduled, scheduleOutbox } from "./notifications.repository.ts";

/** Built-in topics of the booking lifecycle; other modules define theirs the same way, in one call each. */

// The portal lists a member's bookings on one page; the id names the one meant.
const bookingLink = (ctx: NoticeContext) => (ctx.booking ? `/bookings?highlight=${ctx.booking.id}` : null);
const isActive = (ctx: NoticeContext) => ctx.booking?.status === "APPROVED" || ctx.booking?.status === "CHECKED_IN";
/** A change the requester made themselves needs no mail to them. */
const selfMade = (ctx: NoticeContext) =>
  ctx.booking && ctx.booking.lastActorId === ctx.booking.requesterId ? [ctx.booking.requesterId] : [];
const maintenance = (ctx: NoticeContext) => ctx.booking?.kind === "MAINTENANCE";

defineTopic("booking.requested", {
  to: ["managers"],
  digest: true,
  link: () => "/manage",
  "zh-CN": (v) => ({
    subject: `新预约申请：${v.resource} ${v.when}`,
    lines: [
      `${v.facility} 收到一条新的预约申请，等待您审批。`,
      `设备：${v.resource}`,
      `时间：${v.when}`,
      `用途：${v.purpose}`,
    ],
  }),
  en: (v) => ({
    subject: `New booking request: ${v.resource} ${v.when}`,
    lines: [
      `${v.facility} has a new booking request waiting for your decision.`,
      `Resource: ${v.resource}`,
      `Time: ${v.when}`,
      `Purpose: ${v.purpose}`,
    ],
  }),
});

defineTopic("booking.approved", {
  to: ["requester"],
  ics: "REQUEST",
  link: bookingLink,
  skip: (ctx) => !isActive(ctx),
  "zh-CN": (v) => ({
    subject: `预约已批准：${v.resource} ${v.when}`,
    lines: [
      `您的预约已批准。`,
      `设备：${v.resource}`,
      `时间：${v.when}`,
      `地点：${v.facility}`,
      `附件为日历邀请 (.ics)。`,
    ],
  }),
  en: (v) => ({
    subject: `Booking approved: ${v.resource} ${v.when}`,
    lines: [
      `Your booking is approved.`,
      `Resource: ${v.resource}`,
      `Time: ${v.when}`,
      `Place: ${v.facility}`,
      `The calendar invitation (.ics) is attached.`,
    ],
  }),
});

defineTopic("booking.rejected", {
  to: ["requester"],
  link: bookingLink,
  "zh-CN": (v) => ({
    subject: `预约未获批准：${v.resource} ${v.when}`,
    lines: [`很抱歉，您的预约申请未获批准。`, `设备：${v.resource}`, `时间：${v.when}`, `原因：${v.reason}`],
  }),
  en: (v) => ({
    subject: `Booking rejected: ${v.resource} ${v.when}`,
    lines: [`Your booking request was rejected.`, `Resource: ${v.resource}`, `Time: ${v.when}`, `Reason: ${v.reason}`],
  }),
});

defineTopic("booking.cancelled", {
  to: ["requester"],
  ics: "CANCEL",
  link: bookingLink,
  skip: maintenance,
  exclude: selfMade,
  "zh-CN": (v) => ({
    subject: `预约已被设施取消：${v.resource} ${v.when}`,
    lines: [
      `设施取消了您的预约。`,
      `设备：${v.resource}`,
      `时间：${v.when}`,
      ...(v.reason ? [`原因：${v.reason}`] : []),
    ],
  }),
  en: (v) => ({
    subject: `Booking cancelled by the facility: ${v.resource} ${v.when}`,
    lines: [
      `The facility cancelled your booking.`,
      `Resource: ${v.resource}`,
      `Time: ${v.when}`,
      ...(v.reason ? [`Reason: ${v.reason}`] : []),
    ],
  }),
});

defineTopic("booking.cancelled_for_maintenance", {
  to: ["requester"],
  ics: "CANCEL",
  link: bookingLink,
  "zh-CN": (v) => ({
    subject: `因设备维护，预约已取消：${v.resource} ${v.when}`,
    lines: [`因设备维护，您的预约已被取消。`, `设备：${v.resource}`, `时间：${v.when}`, `维护原因：${v.reason}`],
  }),
  en: (v) => ({
    subject: `Booking cancelled for maintenance: ${v.resource} ${v.when}`,
    lines: [
      `Your booking was cancelled because of maintenance.`,
      `Resource: ${v.resource}`,
      `Time: ${v.when}`,
      `Maintenance: ${v.reason}`,
    ],
  }),
});

defineTopic("booking.hold_expiring", {
  to: ["managers", "requester"],
  link: bookingLink,
  skip: (ctx) => ctx.booking?.status !== "PENDING",
  "zh-CN": (v) => ({
    subject: `预约申请即将过期：${v.resource} ${v.when}`,
    lines: [`这条预约申请尚未审批，将于 ${v.holdExpiresAt} 过期并释放时段。`, `设备：${v.resource}`, `时间：${v.when}`],
  }),
  en: (v) => ({
    subject: `Booking request about to expire: ${v.resource} ${v.when}`,
    lines: [
      `This request has not been decided and expires at ${v.holdExpiresAt}, freeing the slot.`,
      `Resource: ${v.resource}`,
      `Time: ${v.when}`,
    ],
  }),
});

defineTopic("booking.reminder", {
  to: ["requester"],
  link: bookingLink,
  // The booking may have moved or ended since the reminder was scheduled.
  skip: (ctx) => !isActive(ctx) || ctx.payload.startsAt !== ctx.booking?.startsAt.toISOString(),
  "zh-CN": (v) => ({
    subject: `预约提醒（${v.lead === "1h" ? "1 小时后" : "24 小时后"}）：${v.resource} ${v.when}`,
    lines: [`提醒：您的预约即将开始。`, `设备：${v.resource}`, `时间：${v.when}`, `地点：${v.facility}`],
  }),
  en: (v) => ({
    subject: `Reminder (in ${v.lead === "1h" ? "1 hour" : "24 hours"}): ${v.resource} ${v.when}`,
    lines: [`Your booking starts soon.`, `Resource: ${v.resource}`, `Time: ${v.when}`, `Place: ${v.facility}`],
  }),
});

defineTopic("booking.no_show", {
  to: ["requester"],
  link: bookingLink,
  "zh-CN": (v) => ({
    subject: `预约记为未到场：${v.resource} ${v.when}`,
    lines: [`设施将您的预约记为未到场 (no-show)。如有疑问请联系设施。`, `设备：${v.resource}`, `时间：${v.when}`],
  }),
  en: (v) => ({
    subject: `No-show recorded: ${v.resource} ${v.when}`,
    lines: [
      `The facility recorded a no-show for your booking. Contact the facility if this is wrong.`,
      `Resource: ${v.resource}`,
      `Time: ${v.when}`,
    ],
  }),
});

defineTopic("booking.expired", {
  to: ["requester"],
  link: bookingLink,
  // An offer from the waitlist that lapsed is told by its own topic.
  skip: (ctx) => ctx.payload.waitlistOffer === true,
  "zh-CN": (v) => ({
    subject: `预约申请已过期：${v.resource} ${v.when}`,
    lines: [`您的预约申请在审批期限内未获处理，已过期，时段已释放。`, `设备：${v.resource}`, `时间：${v.when}`],
  }),
  en: (v) => ({
    subject: `Booking request expired: ${v.resource} ${v.when}`,
    lines: [
      `Your request was not decided in time and has expired; the slot is free again.`,
      `Resource: ${v.resource}`,
      `Time: ${v.when}`,
    ],
  }),
});

// Qualification and training decisions come from the calendar & rules branch; payload names the user.
defineTopic("qualification.granted", {
  to: ["userId"],
  link: () => "/account",
  "zh-CN": "您已获得设备使用资质：{resourceName}",
  en: "You are now qualified to use {resourceName}",
});
defineTopic("qualification.revoked", {
  to: ["userId"],
  "zh-CN": "您的设备使用资质已撤销：{resourceName}（{reason}）",
  en: "Your qualification for {resourceName} was revoked ({reason})",
});
defineTopic("training.approved", {
  to: ["userId"],
  "zh-CN": "培训申请已通过：{resourceName} {when}",
  en: "Training request approved: {resourceName} {when}",
});
defineTopic("training.rejected", {
  to: ["userId"],
  "zh-CN": "培训申请未通过：{resourceName}（原因：{reason}）",
  en: "Training request rejected: {resourceName} (reason: {reason})",
});

export const REMINDER_LEADS = [
  { lead: "24h", ms: 24 * HOUR_MS },
  { lead: "1h", ms: HOUR_MS },
] as const;

/** Reminders are outbox rows scheduled at start − lead; cancelling the booking deletes them. */
onTopic(["booking.approved"], async (tx, ctx) => {
  const b = ctx.booking;
  if (!b || b.kind !== "BOOKING") return;
  for (const { lead, ms } of REMINDER_LEADS) {
    const availableAt = new Date(b.startsAt.getTime() - ms);
    if (availableAt.getTime() <= Date.now()) continue;
    await scheduleOutbox(tx, {
      topic: "booking.reminder",
      payload: { bookingId: b.id, lead, startsAt: b.startsAt.toISOString() },
      availableAt,
      dedupeKey: `reminder:${b.id}:${lead}:${b.startsAt.toISOString()}`,
    });
  }
});

onTopic(
  ["booking.cancelled", "booking.cancelled_for_maintenance", "booking.no_show", "booking.rejected", "booking.expired"],
  async (tx, ctx) => {
    if (ctx.booking) await cancelScheduled(tx, `reminder:${ctx.booking.id}:`);
    if (ctx.booking) await cancelScheduled(tx, `hold:${ctx.booking.id}:`);
  },
);

/** A warning before an undecided hold lapses: two hours before, or halfway through a shorter hold. */
onTopic(["booking.requested"], async (tx, ctx) => {
  const b = ctx.booking;
  if (!b?.holdExpiresAt || b.status !== "PENDING") return;
  const remaining = b.holdExpiresAt.getTime() - Date.now();
  const lead = Math.min(2 * HOUR_MS, Math.max(remaining / 2, 5 * MINUTE_MS));
  await scheduleOutbox(tx, {
    topic: "booking.hold_expiring",
    payload: { bookingId: b.id },
    availableAt: new Date(b.holdExpiresAt.getTime() - lead),
    dedupeKey: `hold:${b.id}:expiring`,
  });
});
