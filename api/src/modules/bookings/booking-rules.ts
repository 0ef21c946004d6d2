import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { DAY_MS, type Range } from "../../domain/ranges.ts";
import { checkBookingRequest, type RuleViolation } from "../../domain/booking-policy.ts";
import { quotePrice } from "../../domain/pricing.ts";
import { loadCalendarContext } from "../catalog/availability.repository.ts";
import { openFor, policyOf } from "../catalog/availability.service.ts";
import type { ResourceRow } from "../catalog/catalog.repository.ts";
import * as repo from "./bookings.repository.ts";
import { requireAccess } from "../access/access.ts";

export type ServiceViolation = Omit<RuleViolation, "code"> & {
  code: RuleViolation["code"] | "QUALIFICATION_REQUIRED" | "RESOURCE_UNAVAILABLE" | "ORGANIZATION_UNVERIFIED";
};
export type PlannedItem = { resource: ResourceRow; range: Range };
export type CheckedItem = PlannedItem & { violations: ServiceViolation[]; quotedPriceFen: number };

/** The organization a booking is made for: one the actor belongs to (admins may name any). */
export const resolveOrganization = (actor: Actor, organizationId: string | undefined) => {
  const chosen = organizationId ?? actor.organizationIds[0];
  if (!chosen) throw new AppError("FORBIDDEN", "Your account belongs to no organization, so it cannot book.");
  requireAccess({ actor, permission: "booking.create", target: { organizationId: chosen } });
  return chosen;
};

/**
 * The rules the database cannot check: opening hours and holidays, notice, horizon, duration, granularity,
 * qualification and the resource's status. Calendars for all items are loaded once.
 */
export const checkItems = async ({
  db,
  actor,
  organizationId,
  items,
  now,
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
  items: PlannedItem[];
  now: number;
}): Promise<CheckedItem[]> => {
  if (items.length === 0) return [];
  const window = {
    start: Math.min(...items.map((i) => i.range.start)) - DAY_MS,
    end: Math.max(...items.map((i) => i.range.end)) + DAY_MS,
  };
  const resources = [...new Map(items.map((i) => [i.resource.id, i.resource])).values()];
  const context = await loadCalendarContext(
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
      !r.requiresQualification || (await repo.hasQualification(db, actor.userId, r.id, new Date(now))),
    );
    internal.set(r.id, await repo.isFacilityOperator(db, r.facilityId, organizationId));
  }
  // Self-registered organizations browse freely but book only once an admin verified them (注册审核).
  const verification = await repo.findOrganizationVerification(db, organizationId);
  return items.map((item) => {
    const { resource, range } = item;
    const violations: ServiceViolation[] = [];
    if (verification !== "VERIFIED") {
      violations.push({
        code: "ORGANIZATION_UNVERIFIED",
        message: "Your organization is not verified yet; it can book once an administrator has verified it.",
      });
    }
    if (resource.status !== "ACTIVE") {
      violations.push({
        code: "RESOURCE_UNAVAILABLE",
        message: `The resource is ${resource.status.toLowerCase()} and cannot be booked.`,
      });
    }
    if (!qualified.get(resource.id)) {
      violations.push({
        code: "QUALIFICATION_REQUIRED",
        message: "This resource requires a qualification (training) you do not hold.",
      });
    }
    const open = openFor(context, resource, { start: range.start - DAY_MS, end: range.end + DAY_MS });
    violations.push(...checkBookingRequest({ range, policy: policyOf(resource), now, open }));
    const priceFen = internal.get(resource.id) ? resource.priceInternalFen : resource.priceExternalFen;
    const quotedPriceFen =
      range.end > range.start
        ? quotePrice({
            priceUnit: resource.priceUnit,
            priceFen,
            durationMin: Math.ceil((range.end - range.start) / 60_000),
          })
        : 0;
    return { ...item, violations, quotedPriceFen };
  });
};
