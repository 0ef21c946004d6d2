import { describe, expect, it } from "vitest";
import {
  ORDER_ACTIONS,
  ORDER_STATUSES,
  addWorkingDays,
  estimateOrderPrice,
  availableActions,
  decideOrder,
  isTerminal,
  reportValidity,
  retentionEnd,
  retentionReminderDue,
  sampleCodeOf,
  type OrderAction,
  type OrderFacts,
  type OrderParty,
  type OrderStatus,
} from "./order-state.ts";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-02T10:00:00+08:00");

/** Written out by hand, independently of the rule table: "status/action/party" → next status. */
const allowed: Record<string, OrderStatus> = {
  "REQUESTED/quote/lab": "QUOTED",
  "QUOTED/quote/lab": "QUOTED",
  "QUOTED/accept/customer": "ACCEPTED",
  "QUOTED/decline/customer": "DECLINED",
  "ACCEPTED/receive/lab": "RECEIVED",
  "RECEIVED/startTesting/lab": "TESTING",
  "TESTING/issueReport/lab": "REPORTED",
  "REPORTED/confirm/customer": "CONFIRMED",
  "CONFIRMED/close/lab": "CLOSED",
  "REQUESTED/cancel/customer": "CANCELLED",
  "QUOTED/cancel/customer": "CANCELLED",
  "ACCEPTED/cancel/customer": "CANCELLED",
  "REQUESTED/cancel/lab": "CANCELLED",
  "QUOTED/cancel/lab": "CANCELLED",
  "ACCEPTED/cancel/lab": "CANCELLED",
  "RECEIVED/cancel/lab": "CANCELLED",
  "REPORTED/retest/customer": "TESTING",
  "CONFIRMED/retest/customer": "TESTING",
};

/** Facts under which every guard passes, so the table alone decides. */
const easy: OrderFacts = {
  now: NOW,
  quoteValidUntil: NOW + DAY,
  reportedAt: NOW - DAY,
  retestWindowDays: 15,
  retentionEndsAt: NOW + 30 * DAY,
  reportDownloaded: true,
};

const PARTIES: OrderParty[] = ["customer", "lab"];

describe("decideOrder", () => {
  const cases = ORDER_STATUSES.flatMap((status) =>
    ORDER_ACTIONS.flatMap((action) => PARTIES.map((party) => [status, action, party] as const)),
  );

  it("covers every status × action × party", () => {
    expect(cases).toHaveLength(10 * 10 * 2);
  });

  it.each(cases)("%s / %s by %s", (status, action, party) => {
    const result = decideOrder({ status, action, parties: [party], reason: "because", facts: easy });
    const expected = allowed[`${status}/${action}/${party}`];
    if (expected) {
      expect(result).toEqual({ ok: true, to: expected });
    } else {
      expect(result.ok).toBe(false);
      // The other party may be allowed: then it is a permission problem, not an impossible transition.
      const other = PARTIES.find((p) => p !== party)!;
      const code = allowed[`${status}/${action}/${other}`] ? "FORBIDDEN" : "INVALID_TRANSITION";
      if (!result.ok) expect(result.code).toBe(code);
    }
  });

  it("lets an actor who is both parties do either side's actions", () => {
    expect(decideOrder({ status: "QUOTED", action: "accept", parties: ["lab", "customer"], facts: easy }).ok).toBe(
      true,
    );
  });

  it("never leaves a terminal status", () => {
    for (const status of ORDER_STATUSES.filter(isTerminal)) {
      for (const action of ORDER_ACTIONS) {
        expect(decideOrder({ status, action, parties: PARTIES, reason: "x", facts: easy }).ok).toBe(false);
      }
    }
  });

  it("requires a reason to cancel or re-test", () => {
    for (const action of ["cancel", "retest"] as OrderAction[]) {
      const status = action === "cancel" ? "QUOTED" : "REPORTED";
      for (const reason of [undefined, null, "", "   "]) {
        const result = decideOrder({ status, action, parties: ["customer"], reason, facts: easy });
        expect(result).toMatchObject({ ok: false, code: "REASON_REQUIRED" });
      }
    }
  });

  it("refuses to accept an expired quote, up to the exact instant", () => {
    const at = (quoteValidUntil: number) =>
      decideOrder({ status: "QUOTED", action: "accept", parties: ["customer"], facts: { now: NOW, quoteValidUntil } });
    expect(at(NOW + 1).ok).toBe(true);
    expect(at(NOW)).toMatchObject({ ok: false, code: "RULE_VIOLATION" });
    expect(at(NOW - 1)).toMatchObject({ ok: false, code: "RULE_VIOLATION" });
  });

  it("confirms a report only after it was downloaded", () => {
    const confirm = (reportDownloaded: boolean) =>
      decideOrder({
        status: "REPORTED",
        action: "confirm",
        parties: ["customer"],
        facts: { now: NOW, reportDownloaded },
      });
    expect(confirm(false)).toMatchObject({ ok: false, code: "RULE_VIOLATION" });
    expect(confirm(true)).toEqual({ ok: true, to: "CONFIRMED" });
  });

  it("allows a re-test inside the window and while the sample is retained", () => {
    const retest = (facts: Partial<OrderFacts>) =>
      decideOrder({
        status: "REPORTED",
        action: "retest",
        parties: ["customer"],
        reason: "result doubtful",
        facts: { ...easy, ...facts },
      });
    expect(retest({ reportedAt: NOW - 15 * DAY + 1 }).ok).toBe(true);
    expect(retest({ reportedAt: NOW - 15 * DAY })).toMatchObject({ ok: false, code: "RULE_VIOLATION" });
    expect(retest({ reportedAt: null })).toMatchObject({ ok: false, code: "RULE_VIOLATION" });
    expect(retest({ retentionEndsAt: NOW })).toMatchObject({ ok: false, code: "RULE_VIOLATION" });
    expect(retest({ retentionEndsAt: null }).ok).toBe(true);
  });
});

describe("availableActions", () => {
  it("offers the customer accept, decline and cancel on a quote, and the lab re-quote and cancel", () => {
    expect(availableActions("QUOTED", ["customer"])).toEqual(["accept", "decline", "cancel"]);
    expect(availableActions("QUOTED", ["lab"])).toEqual(["quote", "cancel"]);
    expect(availableActions("CLOSED", ["customer", "lab"])).toEqual([]);
  });
});

describe("addWorkingDays", () => {
  const at = (iso: string) => Date.parse(iso);
  it("skips weekends: received Friday, 1 working day → end of Monday", () => {
    expect(addWorkingDays(at("2026-12-04T15:00:00+08:00"), 1, {})).toBe(at("2026-12-08T00:00:00+08:00"));
  });
  it("counts from the day after receipt, even when received late at night", () => {
    expect(addWorkingDays(at("2026-12-01T23:59:00+08:00"), 2, {})).toBe(at("2026-12-04T00:00:00+08:00"));
    expect(addWorkingDays(at("2026-12-02T00:00:00+08:00"), 2, {})).toBe(at("2026-12-05T00:00:00+08:00"));
  });
  it("skips holidays and counts make-up Saturdays (调休)", () => {
    const calendar = { "2026-10-01": "HOLIDAY", "2026-10-02": "HOLIDAY", "2026-10-10": "WORKDAY" } as const;
    // Received Wed 30 Sep: Thu 1 and Fri 2 are holidays, Sat 3 / Sun 4 weekend, Mon 5 is the first working day.
    expect(addWorkingDays(at("2026-09-30T10:00:00+08:00"), 1, calendar)).toBe(at("2026-10-06T00:00:00+08:00"));
    // Received Fri 9 Oct: Sat 10 is a make-up working day.
    expect(addWorkingDays(at("2026-10-09T10:00:00+08:00"), 1, calendar)).toBe(at("2026-10-11T00:00:00+08:00"));
  });
});

describe("retention", () => {
  it("ends retentionDays after the report and reminds within the lead time, once", () => {
    const reportedAt = NOW - 28 * DAY;
    const end = retentionEnd(reportedAt, 30);
    expect(end).toBe(NOW + 2 * DAY);
    const order = { retentionEndsAt: end, retentionRemindedAt: null, status: "CONFIRMED" as const };
    expect(retentionReminderDue(order, NOW)).toBe(true);
    expect(retentionReminderDue(order, NOW - 2 * DAY)).toBe(false);
    expect(retentionReminderDue({ ...order, retentionRemindedAt: NOW }, NOW)).toBe(false);
    expect(retentionReminderDue(order, end)).toBe(false);
  });
  it("labels samples per receipt", () => {
    expect(sampleCodeOf("WT-20261202-00042", 1)).toBe("WT-20261202-00042-S1");
  });
});

describe("estimateOrderPrice", () => {
  const base = { priceInternalFen: 100, priceExternalFen: 150, samples: 3, items: 2 };
  it("prices per sample, or per item and sample, internal or external", () => {
    expect(estimateOrderPrice({ ...base, priceUnit: "SAMPLE", internal: false })).toBe(450);
    expect(estimateOrderPrice({ ...base, priceUnit: "ITEM", internal: false })).toBe(900);
    expect(estimateOrderPrice({ ...base, priceUnit: "ITEM", internal: true })).toBe(600);
    expect(estimateOrderPrice({ ...base, priceUnit: "ITEM", internal: true, items: 0 })).toBe(300);
  });
});

describe("reportValidity", () => {
  it("is superseded by a re-test's report, withdrawn with a cancelled order, valid otherwise", () => {
    expect(reportValidity({ supersededAt: null, orderStatus: "REPORTED" })).toBe("VALID");
    expect(reportValidity({ supersededAt: new Date(0), orderStatus: "CLOSED" })).toBe("SUPERSEDED");
    expect(reportValidity({ supersededAt: null, orderStatus: "CANCELLED" })).toBe("WITHDRAWN");
  });
});
