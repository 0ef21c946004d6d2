import type { Db } from "../../lib/db.ts";
import { assertRangeWithin } from "../../lib/app-error.ts";
import { DAY_MS, type Range } from "../../domain/ranges.ts";
import { continuousWindows, openWindows } from "../../domain/opening-hours.ts";
import { resourceAvailability } from "../../domain/availability.ts";
import type { BookingPolicy } from "../../domain/booking-policy.ts";
import { ensureCalendarYears, yearsOf } from "../calendar/calendar.service.ts";
import {
  findBusyByUnit,
  findBusyWithCatalogVersion,
  loadCalendarContext,
  type BusyByUnit,
  type BusyTarget,
  type CalendarContext,
} from "./availability.repository.ts";
import { withOneCatalogVersion } from "./catalog-cache.repository.ts";

export const MAX_WINDOW_DAYS = 62;

export type PolicyResource = BookingPolicy & {
  id: string;
  facilityId: string;
  continuous: boolean;
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

/**
 * The calendar context of these resources, after deriving the provisional holidays of any year in the
 * window that has no calendar yet: a date is never an ordinary working day just because nobody entered it.
 */
export const loadCalendar = async (db: Db, facilityIds: string[], resourceIds: string[], window: Range) => {
  await ensureCalendarOf(db, window);
  return loadCalendarContext(db, facilityIds, resourceIds, window);
};

const ensureCalendarOf = (db: Db, window: Range) =>
  ensureCalendarYears(db, yearsOf({ start: window.start - DAY_MS, end: window.end + DAY_MS }));

export const openFor = (
  context: CalendarContext,
  resource: { id: string; facilityId: string; continuous: boolean },
  window: Range,
) =>
  resource.continuous
    ? continuousWindows({
        window,
        closures: [
          ...(context.resourceClosures.get(resource.id) ?? []),
          ...(context.facilityClosures.get(resource.facilityId) ?? []),
        ],
      })
    : openWindows({
        window,
        weeklyHours: context.resourceHours.get(resource.id) ?? context.facilityHours.get(resource.facilityId) ?? [],
        calendar: context.calendar,
        closures: [
          ...(context.resourceClosures.get(resource.id) ?? []),
          ...(context.facilityClosures.get(resource.facilityId) ?? []),
        ],
      });

export type AvailabilityOptions = {
  db: Db;
  resources: PolicyResource[];
  window: Range;
  now?: number;
  /** Busy time already read (availabilityOf reads it with the catalog version); read here when absent. */
  busyByUnit?: BusyByUnit;
};

/**
 * Availability of many resources at once: one query for busy time, a fixed few for calendars, the rest in
 * pure code. Never a query per resource or per slot.
 */
export const computeAvailability = async ({
  db,
  resources,
  window,
  now = Date.now(),
  ...given
}: AvailabilityOptions) => {
  const resourceIds = resources.map((r) => r.id);
  const facilityIds = [...new Set(resources.map((r) => r.facilityId))];
  const [busyByUnit, context] = await Promise.all([
    given.busyByUnit ?? findBusyByUnit(db, resourceIds, window),
    loadCalendar(db, facilityIds, resourceIds, window),
  ]);
  // Resources without hours or closures of their own share their facility's opening windows.
  const sharedOpen = new Map<string, Range[]>();
  const openOf = (resource: PolicyResource) => {
    if (resource.continuous || context.resourceHours.has(resource.id) || context.resourceClosures.has(resource.id))
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

export type AvailabilityOfOptions<R extends PolicyResource> = {
  db: Db;
  /** The units whose busy time is read: those of the resources `resourcesOf` returns, or more. */
  target: BusyTarget;
  /** The resources to answer for, read from the catalog cache (throwing AppError when there are none to find). */
  resourcesOf: () => Promise<R[]>;
  window: Range;
};

/**
 * Availability for a public read in one round trip: the busy time and the catalog version in one statement,
 * then resources, hours, closures and calendar from the catalog cache at that version (no version read of
 * their own). Missing calendar years are derived first, so that the version read already includes them.
 */
export const availabilityOf = async <R extends PolicyResource>({
  db,
  target,
  resourcesOf,
  window,
}: AvailabilityOfOptions<R>) => {
  await ensureCalendarOf(db, window);
  const { version, busyByUnit } = await findBusyWithCatalogVersion(db, target, window);
  return withOneCatalogVersion(
    db,
    async () => {
      const resources = await resourcesOf();
      return { resources, results: await computeAvailability({ db, resources, window, busyByUnit }) };
    },
    version,
  );
};
