import type { Db } from "../../lib/db.ts";
import { assertRangeWithin } from "../../lib/app-error.ts";
import type { Range } from "../../domain/ranges.ts";
import { openWindows } from "../../domain/opening-hours.ts";
import { resourceAvailability } from "../../domain/availability.ts";
import type { BookingPolicy } from "../../domain/booking-policy.ts";
import { findBusyByUnit, loadCalendarContext, type CalendarContext } from "./availability.repository.ts";

export const MAX_WINDOW_DAYS = 62;

export type PolicyResource = BookingPolicy & {
  id: string;
  facilityId: string;
  units: { id: string; label: string; position: number; active: boolean }[];
};

export const policyOf = (resource: BookingPolicy): BookingPolicy => ({
  granularityMin: resource.granularityMin,
  minDurationMin: resource.minDurationMin,
  maxDurationMin: resource.maxDurationMin,
  minNoticeMin: resource.minNoticeMin,
  horizonDays: resource.horizonDays,
  bufferBeforeMin: resource.bufferBeforeMin,
  bufferAfterMin: resource.bufferAfterMin,
});

export const assertWindow = (window: Range, maxDays = MAX_WINDOW_DAYS) => {
  assertRangeWithin(window.start, window.end, maxDays, ["from", "to"]);
};

export const openFor = (context: CalendarContext, resource: { id: string; facilityId: string }, window: Range) =>
  openWindows({
    window,
    weeklyHours: context.resourceHours.get(resource.id) ?? context.facilityHours.get(resource.facilityId) ?? [],
    calendar: context.calendar,
    closures: [
      ...(context.resourceClosures.get(resource.id) ?? []),
      ...(context.facilityClosures.get(resource.facilityId) ?? []),
    ],
  });

export type AvailabilityOptions = { db: Db; resources: PolicyResource[]; window: Range; now?: number };

/**
 * Availability of many resources at once: one query for busy time, a fixed few for calendars, the rest in
 * pure code. Never a query per resource or per slot.
 */
export const computeAvailability = async ({ db, resources, window, now = Date.now() }: AvailabilityOptions) => {
  const resourceIds = resources.map((r) => r.id);
  const facilityIds = [...new Set(resources.map((r) => r.facilityId))];
  const [busyByUnit, context] = await Promise.all([
    findBusyByUnit(db, resourceIds, window),
    loadCalendarContext(db, facilityIds, resourceIds, window),
  ]);
  // Resources without hours or closures of their own share their facility's opening windows.
  const sharedOpen = new Map<string, Range[]>();
  const openOf = (resource: PolicyResource) => {
    if (context.resourceHours.has(resource.id) || context.resourceClosures.has(resource.id))
      return openFor(context, resource, window);
    let open = sharedOpen.get(resource.facilityId);
    if (!open) sharedOpen.set(resource.facilityId, (open = openFor(context, resource, window)));
    return open;
  };
  return resources.map((resource) => {
    const open = openOf(resource);
    const units = resource.units.filter((u) => u.active).sort((a, b) => a.position - b.position);
    const availability = resourceAvailability({
      open,
      policy: policyOf(resource),
      now,
      window,
      units: units.map((u) => ({ unitId: u.id, busy: busyByUnit.get(u.id) ?? [] })),
    });
    return {
      resourceId: resource.id,
      open,
      free: availability.free,
      /** `busy` is occupied time (buffers included); who holds it is never revealed here. */
      units: units.map((u, i) => ({
        unitId: u.id,
        label: u.label,
        free: availability.units[i]!.free,
        busy: busyByUnit.get(u.id) ?? [],
      })),
    };
  });
};
