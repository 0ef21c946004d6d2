import type { Db, Tx } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { DAY_MS, type Range } from "../../domain/ranges.ts";
import { checkBookingRequest, type RuleViolation } from "../../domain/booking-policy.ts";
import { quotePrice } from "../../domain/pricing.ts";
import { loadCalendar, openFor, policyOf } from "../catalog/availability.service.ts";
import type { ResourceRow } from "../catalog/catalog.repository.ts";
import { checkFairUse, lockQuotas } from "../fair-use/fair-use.service.ts";
import * as repo from "./bookings.repository.ts";
import { requireAccess } from "../access/access.ts";

export type ServiceViolation = Omit<RuleViolation, "code"> & {
  code:
    | RuleViolation["code"]
    | "QUALIFICATION_REQUIRED"
    | "RESOURCE_UNAVAILABLE"
    | "OFFER_UNAVAILABLE"
    | "SUSPENDED"
    | "QUOTA_EXCEEDED"
    | "ORGANIZATION_UNVERIFIED";
};
/** Which way of use a request takes (an offer of the resource) and how many samples and items it brings. */
export type BookingUse = { offerId?: string | undefined; samples?: number | undefined; items?: number | undefined };
export type PlannedItem = { resource: ResourceRow; range: Range; use?: BookingUse | undefined };
export type CheckedItem = PlannedItem & {
  violations: ServiceViolation[];
  quotedPriceFen: number;
  offer: ResourceRow["offers"][number] | null;
  /** Set when a quota applies: the item must be checked again under `lockQuotasOf` before it is inserted. */
  quotaKey: string | null;
};

/** The offer a request uses: the one it names, else self-operated time, else the resource's only offer. */
export const offerFor = (resource: ResourceRow, use: BookingUse | undefined) => {
  if (use?.offerId) return resource.offers.find((o) => o.id === use.offerId) ?? undefined;
  return resource.offers.find((o) => o.kind === "SELF_OPERATED") ?? resource.offers[0] ?? null;
};

/** The organization a booking is made for: one the actor belongs to (admins may name any). */
export const resolveOrganization = (actor: Actor, organizationId: string | undefined) => {
  const chosen = organizationId ?? actor.organizationIds[0];
  if (!chosen) throw new AppError("FORBIDDEN", "Your account belongs to no organization, so it cannot book.");
  requireAccess({ actor, permission: "booking.create", target: { organizationId: chosen } });
  return chosen;
};

/**
 * The rules the database cannot check: opening hours and holidays, notice, horizon, duration, granularity,
 * qualification and the resource's status. Calendars for all items are loaded once. `context`: the
 * organization's side of the request, when the caller read it already (repo.findBookingContext, one statement
 * for verification, operators, suspensions and fair-use rules).
 */
export const checkItems = async ({
  db,
  actor,
  organizationId,
  items,
  now,
  together = true,
  context: known,
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
  items: PlannedItem[];
  now: number;
  /** false: the items are alternatives, each checked as if it were the only one (quotas do not add them up). */
  together?: boolean;
  context?: repo.BookingContext | undefined;
}): Promise<CheckedItem[]> => {
  if (items.length === 0) return [];
  const window = {
    start: Math.min(...items.map((i) => i.range.start)) - DAY_MS,
    end: Math.max(...items.map((i) => i.range.end)) + DAY_MS,
  };
  const resources = [...new Map(items.map((i) => [i.resource.id, i.resource])).values()];
  const context = await loadCalendar(
    db,
    [...new Set(resources.map((r) => r.facilityId))],
    resources.map((r) => r.id),
    window,
  );
  const qualified = new Map<string, boolean>();
  const internal = new Map<string, boolean>();
  for (const r of resources) {
    qualified.set(
      r.id,
      !r.requiresQualification ||
        (await repo.hasQualification(db, actor.userId, r.id, new Date(now), r.qualificationLapseDays)),
    );
    internal.set(
      r.id,
      known ? known.operatorOf.has(r.facilityId) : await repo.isFacilityOperator(db, r.facilityId, organizationId),
    );
  }
  // Self-registered organizations browse freely but book only once an admin verified them (注册审核).
  const verification = known ? known.verification : await repo.findOrganizationVerification(db, organizationId);
  const offers = items.map((item) => offerFor(item.resource, item.use));
  const fairUse = await checkFairUse({
    db,
    organizationId,
    now,
    together,
    items: items.map((item, i) => ({
      resource: item.resource,
      range: item.range,
      countsTowardQuota: offers[i]?.countsTowardQuota ?? true,
    })),
    known,
  });
  return items.map((item, index) => {
    const { resource, range } = item;
    const offer = offers[index];
    const violations: ServiceViolation[] = [...fairUse[index]!.violations];
    if (verification !== "VERIFIED") {
      violations.push({
        code: "ORGANIZATION_UNVERIFIED",
        message: "Your organization is not verified yet; it can book once an administrator has verified it.",
      });
    }
    if (offer === undefined) {
      violations.push({
        code: "OFFER_UNAVAILABLE",
        message: "This resource does not offer that way of use (self-operated time or sample submission).",
      });
    }
    if (resource.status !== "ACTIVE") {
      violations.push({
        code: "RESOURCE_UNAVAILABLE",
        message: `The resource is ${resource.status.toLowerCase()} and cannot be booked.`,
      });
    }
    // Staff run submitted samples: only self-operated use needs the member's own qualification.
    if (!qualified.get(resource.id) && offer?.kind !== "SAMPLE") {
      violations.push({
        code: "QUALIFICATION_REQUIRED",
        message: "This resource requires a qualification (training) you do not hold.",
      });
    }
    const open = openFor(context, resource, { start: range.start - DAY_MS, end: range.end + DAY_MS });
    violations.push(...checkBookingRequest({ range, policy: policyOf(resource), now, open }));
    const priced = offer ?? resource;
    const priceFen = internal.get(resource.id) ? priced.priceInternalFen : priced.priceExternalFen;
    const quotedPriceFen =
      range.end > range.start
        ? quotePrice({
            priceUnit: priced.priceUnit,
            priceFen,
            durationMin: Math.ceil((range.end - range.start) / 60_000),
            samples: item.use?.samples,
            items: item.use?.items,
          })
        : 0;
    return { ...item, violations, quotedPriceFen, offer: offer ?? null, quotaKey: fairUse[index]!.quotaKey };
  });
};

/**
 * Inside the transaction that inserts the items: takes their quota locks and checks the quotas again, so that
 * concurrent requests cannot all fit under the same limit. Returns each item's violations (none without quota).
 */
export const lockQuotasOf = (tx: Tx, organizationId: string, items: CheckedItem[]): Promise<ServiceViolation[][]> =>
  lockQuotas({
    tx,
    organizationId,
    items: items.map((i) => ({
      resource: i.resource,
      range: i.range,
      countsTowardQuota: i.offer?.countsTowardQuota ?? true,
      quotaKey: i.quotaKey,
    })),
  });
