import { MINUTE_MS } from "./ranges.ts";
import { ACTIVE_STATUSES, BOOKING_STATUSES, type BookingStatus } from "../enums.ts";

export { BOOKING_STATUSES, ACTIVE_STATUSES };
export type { BookingStatus };

export const BOOKING_ACTIONS = ["approve", "reject", "expire", "cancel", "checkIn", "checkOut", "noShow"] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

export const isActive = (status: BookingStatus): boolean =>
  (ACTIVE_STATUSES as readonly BookingStatus[]).includes(status);

/** Allowed transitions; any status/action pair not listed is refused. */
const TRANSITIONS: Partial<Record<BookingStatus, Partial<Record<BookingAction, BookingStatus>>>> = {
  PENDING: { approve: "APPROVED", reject: "REJECTED", expire: "EXPIRED", cancel: "CANCELLED" },
  APPROVED: { checkIn: "CHECKED_IN", cancel: "CANCELLED", noShow: "NO_SHOW" },
  CHECKED_IN: { checkOut: "COMPLETED" },
};

export type TransitionResult = { ok: true; to: BookingStatus } | { ok: false; reason: string };

export const transition = (status: BookingStatus, action: BookingAction): TransitionResult => {
  const to = TRANSITIONS[status]?.[action];
  return to ? { ok: true, to } : { ok: false, reason: `Cannot ${action} a booking that is ${status}.` };
};

/** A no-show may be recorded only once the grace period after the start has passed without a check-in. */
export const canNoShow = ({ startsAt, now, graceMin }: { startsAt: number; now: number; graceMin: number }): boolean =>
  now >= startsAt + graceMin * MINUTE_MS;
