import { MINUTE_MS } from "./ranges.ts";

export const BOOKING_STATUSES = [
  "PENDING",
  "APPROVED",
  "REJECTED",
  "CANCELLED",
  "CHECKED_IN",
  "COMPLETED",
  "NO_SHOW",
  "EXPIRED",
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const BOOKING_ACTIONS = ["approve", "reject", "expire", "cancel", "checkIn", "checkOut", "noShow"] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

/** Statuses that hold a unit. The database exclusion constraint filters on the same list; change both together. */
export const ACTIVE_STATUSES = ["PENDING", "APPROVED", "CHECKED_IN"] as const satisfies readonly BookingStatus[];

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
