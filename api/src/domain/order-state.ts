import { addDays, localDate, localMidnight } from "./local-time.ts";
import { effectiveWeekday, type HolidayCalendar } from "./opening-hours.ts";
import { OrderStatus as OrderStatusEnum, valuesOf, type TestPriceUnit } from "../enums.ts";

// The life of a test order (委托 → 报价 → 收样 → 检测 → 出报告 → 确认): pure rules, no I/O.

export const ORDER_STATUSES = valuesOf(OrderStatusEnum);
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_ACTIONS = [
  "quote",
  "accept",
  "decline",
  "receive",
  "startTesting",
  "issueReport",
  "confirm",
  "close",
  "cancel",
  "retest",
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** The two sides of an order: the customer's organization, and the lab (performing body staff or center managers). */
export type OrderParty = "customer" | "lab";

export const TERMINAL_STATUSES = ["DECLINED", "CLOSED", "CANCELLED"] as const satisfies readonly OrderStatus[];

type Rule = { to: OrderStatus; from: Partial<Record<OrderParty, readonly OrderStatus[]>>; reasonRequired?: boolean };

/**
 * Who may do what from which status. Cancelling is open to the customer until the sample is in the lab's
 * hands; the lab may also cancel a received sample (unfit, wrong matrix), never once testing has begun.
 */
const RULES: Record<OrderAction, Rule> = {
  quote: { to: "QUOTED", from: { lab: ["REQUESTED", "QUOTED"] } },
  accept: { to: "ACCEPTED", from: { customer: ["QUOTED"] } },
  decline: { to: "DECLINED", from: { customer: ["QUOTED"] } },
  receive: { to: "RECEIVED", from: { lab: ["ACCEPTED"] } },
  startTesting: { to: "TESTING", from: { lab: ["RECEIVED"] } },
  issueReport: { to: "REPORTED", from: { lab: ["TESTING"] } },
  confirm: { to: "CONFIRMED", from: { customer: ["REPORTED"] } },
  close: { to: "CLOSED", from: { lab: ["CONFIRMED"] } },
  cancel: {
    to: "CANCELLED",
    from: { customer: ["REQUESTED", "QUOTED", "ACCEPTED"], lab: ["REQUESTED", "QUOTED", "ACCEPTED", "RECEIVED"] },
    reasonRequired: true,
  },
  retest: { to: "TESTING", from: { customer: ["REPORTED", "CONFIRMED"] }, reasonRequired: true },
};

/** Facts some transitions depend on, all as epoch milliseconds. */
export type OrderFacts = {
  now: number;
  quoteValidUntil?: number | null;
  reportedAt?: number | null;
  retestWindowDays?: number;
  retentionEndsAt?: number | null;
  /** The customer has downloaded the current report at least once. */
  reportDownloaded?: boolean;
};

export type OrderDecision =
  | { ok: true; to: OrderStatus }
  | { ok: false; code: "INVALID_TRANSITION" | "FORBIDDEN" | "RULE_VIOLATION" | "REASON_REQUIRED"; reason: string };

const DAY_MS = 86_400_000;

export const decideOrder = ({
  status,
  action,
  parties,
  reason,
  facts,
}: {
  status: OrderStatus;
  action: OrderAction;
  parties: readonly OrderParty[];
  reason?: string | null | undefined;
  facts: OrderFacts;
}): OrderDecision => {
  const rule = RULES[action];
  const allowedFrom = Object.values(rule.from).flat();
  if (!allowedFrom.includes(status)) {
    return { ok: false, code: "INVALID_TRANSITION", reason: `Cannot ${action} an order that is ${status}.` };
  }
  const permitted = parties.some((party) => rule.from[party]?.includes(status));
  if (!permitted) {
    const who = Object.keys(rule.from).join(" or ");
    return { ok: false, code: "FORBIDDEN", reason: `Only the ${who} can ${action} this order now.` };
  }
  if (rule.reasonRequired && !reason?.trim()) {
    return { ok: false, code: "REASON_REQUIRED", reason: `A reason is required to ${action}.` };
  }
  if (action === "accept" && facts.quoteValidUntil != null && facts.now >= facts.quoteValidUntil) {
    return { ok: false, code: "RULE_VIOLATION", reason: "The quote has expired; ask for a new one." };
  }
  if (action === "confirm" && !facts.reportDownloaded) {
    return { ok: false, code: "RULE_VIOLATION", reason: "Download the report before confirming it." };
  }
  if (action === "retest") {
    const windowEnd = (facts.reportedAt ?? 0) + (facts.retestWindowDays ?? 0) * DAY_MS;
    if (facts.reportedAt == null || facts.now >= windowEnd) {
      return { ok: false, code: "RULE_VIOLATION", reason: "The re-test window after the report has closed." };
    }
    if (facts.retentionEndsAt != null && facts.now >= facts.retentionEndsAt) {
      return {
        ok: false,
        code: "RULE_VIOLATION",
        reason: "The retained sample is no longer kept; submit a new order.",
      };
    }
  }
  return { ok: true, to: rule.to };
};

/** The actions a party may offer in a status (for the portal's buttons); guards on facts are checked on submit. */
export const availableActions = (status: OrderStatus, parties: readonly OrderParty[]): OrderAction[] =>
  ORDER_ACTIONS.filter((action) => parties.some((party) => RULES[action].from[party]?.includes(status)));

export const isTerminal = (status: OrderStatus) => (TERMINAL_STATUSES as readonly OrderStatus[]).includes(status);

/**
 * The promised report date: the end of the `days`-th working day after the day of receipt, in Asia/Shanghai.
 * Weekends are off unless the calendar makes them working days (调休); holidays are off.
 */
export const addWorkingDays = (receivedAt: number, days: number, calendar: HolidayCalendar): number => {
  let date = localDate(receivedAt);
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (isWorkingDay(date, calendar)) counted++;
  }
  return localMidnight(addDays(date, 1));
};

const isWorkingDay = (date: string, calendar: HolidayCalendar) => {
  const weekday = effectiveWeekday(date, calendar);
  // effectiveWeekday maps a make-up working day to Monday, so only a plain weekend comes back as 6 or 7.
  return weekday !== null && weekday <= 5;
};

/** When the retained sample may be disposed of: `retentionDays` after the report. */
export const retentionEnd = (reportedAt: number, retentionDays: number) => reportedAt + retentionDays * DAY_MS;

/** Orders whose retention ends within `leadDays` and whose reminder has not gone out yet. */
export const retentionReminderDue = (
  order: { retentionEndsAt: number | null; retentionRemindedAt: number | null; status: OrderStatus },
  now: number,
  leadDays = 3,
) =>
  order.retentionEndsAt !== null &&
  order.retentionRemindedAt === null &&
  order.status !== "CANCELLED" &&
  order.retentionEndsAt > now &&
  order.retentionEndsAt - now <= leadDays * DAY_MS;

/** Sample label code: the order number plus a per-receipt suffix, so a re-received sample gets a new label. */
export const sampleCodeOf = (orderCode: string, receipt: number) => `${orderCode}-S${receipt}`;

/**
 * The list price of a request, the default of a quote: per sample, or per item and sample. Organizations that
 * operate the facility pay the internal price.
 */
export const estimateOrderPrice = ({
  priceUnit,
  priceInternalFen,
  priceExternalFen,
  internal,
  samples,
  items,
}: {
  priceUnit: TestPriceUnit;
  priceInternalFen: number;
  priceExternalFen: number;
  internal: boolean;
  samples: number;
  items: number;
}) => (internal ? priceInternalFen : priceExternalFen) * samples * (priceUnit === "ITEM" ? Math.max(1, items) : 1);

export type ReportValidity = "VALID" | "SUPERSEDED" | "WITHDRAWN";

/** What a report is worth now: replaced by a re-test's report, withdrawn with its cancelled order, or valid. */
export const reportValidity = ({
  supersededAt,
  orderStatus,
}: {
  supersededAt: Date | number | null;
  orderStatus: OrderStatus;
}): ReportValidity => (supersededAt !== null ? "SUPERSEDED" : orderStatus === "CANCELLED" ? "WITHDRAWN" : "VALID");
