import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { DAY_MS, MINUTE_MS, type Range } from "../../domain/ranges.ts";
import { candidateStarts } from "../../domain/availability.ts";
import { computeAvailability, policyOf } from "../catalog/availability.service.ts";
import { findEquivalentResources, type ResourceRow } from "../catalog/catalog.repository.ts";
import { checkItems, offerFor, type BookingUse, type PlannedItem } from "./booking-rules.ts";

export type Alternative = {
  resourceId: string;
  resourceCode: string;
  resourceNameZh: string;
  resourceNameEn: string;
  start: string;
  end: string;
};

const SEARCH_BEFORE_DAYS = 3;
const SEARCH_AFTER_DAYS = 14;
/** Candidates per resource before the booking check: enough that a few survive quotas and the like. */
const CANDIDATES_PER_RESOURCE = 8;

/** The same way of use on another resource: the offer of the same kind, if it has one. */
const useOn = (resource: ResourceRow, from: ResourceRow, use: BookingUse | undefined): BookingUse | undefined => {
  const offer = offerFor(from, use);
  if (!offer) return use;
  const same = resource.offers.find((o) => o.kind === offer.kind);
  return { ...use, offerId: same?.id };
};

/**
 * What the requester could book instead, nearest first: equivalent resources (same technique or
 * equivalence group) at the requested time, then this resource at other times, then equivalent resources
 * at other times. Every candidate goes through the same booking check as a real request (opening hours and
 * holidays, notice, horizon, qualification, suspension, quotas), so nothing is offered that would be refused.
 */
export const suggestAlternatives = async ({
  db,
  actor,
  organizationId,
  resource,
  range,
  use,
  now = Date.now(),
  limit = 5,
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
  resource: ResourceRow;
  range: Range;
  use?: BookingUse | undefined;
  now?: number;
  limit?: number;
}): Promise<Alternative[]> => {
  const durationMin = Math.round((range.end - range.start) / MINUTE_MS);
  if (!(durationMin > 0)) return [];
  const equivalents = resource.technique ? await findEquivalentResources(db, resource) : [];
  const candidates = [resource, ...equivalents].filter(
    (r) => durationMin >= r.minDurationMin && durationMin <= r.maxDurationMin,
  );
  if (candidates.length === 0) return [];
  const window = {
    start: Math.max(now, range.start - SEARCH_BEFORE_DAYS * DAY_MS),
    end: range.start + SEARCH_AFTER_DAYS * DAY_MS,
  };
  const results = await computeAvailability({ db, resources: candidates, window, now });
  const planned: (PlannedItem & { distance: number })[] = results.flatMap((result, i) => {
    const r = candidates[i]!;
    const slots = result.units.flatMap((u) =>
      candidateStarts({
        free: u.free,
        policy: policyOf(r),
        durationMin,
        limit: CANDIDATES_PER_RESOURCE,
        from: range.start,
      }),
    );
    const unique = [...new Map(slots.map((s) => [s.start, s])).values()]
      .filter((s) => !(r.id === resource.id && s.start === range.start))
      .sort((a, b) => Math.abs(a.start - range.start) - Math.abs(b.start - range.start))
      .slice(0, CANDIDATES_PER_RESOURCE);
    const rUse = r.id === resource.id ? use : useOn(r, resource, use);
    return unique.map((s) => ({ resource: r, range: s, use: rUse, distance: Math.abs(s.start - range.start) }));
  });
  // Each candidate is checked on its own: the requester takes one of them, so quotas must not add them up.
  const checked = await checkItems({ db, actor, organizationId, items: planned, now, together: false });
  const bookable = planned.filter((_, i) => checked[i]!.violations.length === 0);

  const sameTime = bookable.filter((p) => p.resource.id !== resource.id && p.distance === 0);
  const own = bookable.filter((p) => p.resource.id === resource.id);
  const others = bookable
    .filter((p) => p.resource.id !== resource.id && p.distance !== 0)
    .sort((a, b) => a.distance - b.distance);
  const ordered = [
    ...sameTime,
    ...own.slice(0, 3),
    ...[...own.slice(3), ...others].sort((a, b) => a.distance - b.distance),
  ];
  return ordered.slice(0, limit).map((p) => ({
    resourceId: p.resource.id,
    resourceCode: p.resource.code,
    resourceNameZh: p.resource.nameZh,
    resourceNameEn: p.resource.nameEn,
    start: new Date(p.range.start).toISOString(),
    end: new Date(p.range.end).toISOString(),
  }));
};
