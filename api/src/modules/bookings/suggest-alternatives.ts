import type { Db } from "../../lib/db.ts";
import { DAY_MS, MINUTE_MS, type Range } from "../../domain/ranges.ts";
import { candidateStarts } from "../../domain/availability.ts";
import { computeAvailability, policyOf } from "../catalog/availability.service.ts";
import { findEquivalentResources, type ResourceRow } from "../catalog/catalog.repository.ts";

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

/**
 * The nearest free slots of the same length: on this resource first, then on equivalent resources
 * (same facility and kind). One availability computation covers all of them.
 */
export const suggestAlternatives = async ({
  db,
  resource,
  range,
  now = Date.now(),
  limit = 5,
}: {
  db: Db;
  resource: ResourceRow;
  range: Range;
  now?: number;
  limit?: number;
}): Promise<Alternative[]> => {
  const durationMin = Math.round((range.end - range.start) / MINUTE_MS);
  const equivalents = await findEquivalentResources(db, resource);
  const candidates = [resource, ...equivalents].filter(
    (r) => durationMin >= r.minDurationMin && durationMin <= r.maxDurationMin,
  );
  if (candidates.length === 0) return [];
  const window = {
    start: Math.max(now, range.start - SEARCH_BEFORE_DAYS * DAY_MS),
    end: range.start + SEARCH_AFTER_DAYS * DAY_MS,
  };
  const results = await computeAvailability({ db, resources: candidates, window, now });
  const byResource = results.map((result, i) => {
    const r = candidates[i]!;
    const slots = result.units.flatMap((u) =>
      candidateStarts({ free: u.free, policy: policyOf(r), durationMin, limit: limit, from: range.start }),
    );
    const unique = [...new Map(slots.map((s) => [s.start, s])).values()].sort(
      (a, b) => Math.abs(a.start - range.start) - Math.abs(b.start - range.start),
    );
    return unique.map((s) => ({
      resourceId: r.id,
      resourceCode: r.code,
      resourceNameZh: r.nameZh,
      resourceNameEn: r.nameEn,
      start: new Date(s.start).toISOString(),
      end: new Date(s.end).toISOString(),
      distance: Math.abs(s.start - range.start),
    }));
  });
  // This resource's three nearest, then the nearest slot of each equivalent resource, then the rest by distance.
  const [own = [], ...others] = byResource;
  const picked = [...own.slice(0, 3), ...others.map((o) => o[0]).filter((o) => o !== undefined)];
  const rest = [...own.slice(3), ...others.flatMap((o) => o.slice(1))].sort((a, b) => a.distance - b.distance);
  return [...picked, ...rest].slice(0, Math.max(limit, picked.length)).map(({ distance, ...alternative }) => {
    void distance;
    return alternative;
  });
};
