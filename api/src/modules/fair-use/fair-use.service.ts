import type { Db, Tx } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { z } from "@hono/zod-openapi";
import {
  FAIR_USE_FIELDS,
  NO_RULE,
  checkQuota,
  effectiveRule,
  isLateCancellation,
  quotaPeriodOf,
  suspensionDue,
  type FairUseFields,
} from "../../domain/fair-use.ts";
import { DAY_MS, HOUR_MS, type Range } from "../../domain/ranges.ts";
import { can, requireAccess, suspensionScopeOf } from "../access/access.ts";
import { findFacility, findResourceByCode } from "../catalog/catalog.repository.ts";
import * as repo from "./fair-use.repository.ts";

/** Who may set a facility's rules and lift its suspensions: admins and that facility's managers. */
export const canManageFacility = (actor: Actor, facilityId: string) => can(actor, "facility.manage", { facilityId });

const pickFields = (row: Partial<FairUseFields> | null | undefined): FairUseFields | null =>
  row ? (Object.fromEntries(FAIR_USE_FIELDS.map((f) => [f, row[f] ?? null])) as FairUseFields) : null;

type RuleRow = Partial<FairUseFields> & { facilityId: string; resourceId: string | null };

/**
 * The effective rule of each resource: its own fields over its facility's. `known`: the rule rows of these
 * resources and their facilities, when the caller read them already (the booking path, in one statement).
 */
export const loadRules = async (db: Tx, resources: { id: string; facilityId: string }[], known?: RuleRow[]) => {
  const rows: RuleRow[] =
    known ??
    (await repo.findFairUseRules(
      db,
      [...new Set(resources.map((r) => r.facilityId))],
      resources.map((r) => r.id),
    ));
  const facilityRule = new Map(rows.filter((r) => !r.resourceId).map((r) => [r.facilityId, r]));
  const resourceRule = new Map(rows.filter((r) => r.resourceId).map((r) => [r.resourceId!, r]));
  return new Map(
    resources.map((r) => [
      r.id,
      {
        effective: effectiveRule(pickFields(facilityRule.get(r.facilityId)), pickFields(resourceRule.get(r.id))),
        facility: pickFields(facilityRule.get(r.facilityId)),
        resource: pickFields(resourceRule.get(r.id)),
      },
    ]),
  );
};

/** A facility's own rule (all fields null when it has none). */
export const loadFacilityRule = async (db: Db, facilityId: string): Promise<FairUseFields> => {
  const [row] = (await repo.findFairUseRules(db, [facilityId], [])).filter((r) => !r.resourceId);
  return pickFields(row) ?? NO_RULE;
};

export type FairUseViolation = {
  code: "SUSPENDED" | "QUOTA_EXCEEDED";
  message: string;
  params?: Record<string, unknown>;
};

export type FairUseItem = {
  resource: { id: string; facilityId: string };
  range: Range;
  countsTowardQuota: boolean;
};

/** One organization's quota at one facility: the advisory lock that serializes its checks. */
const quotaLockKey = (organizationId: string, facilityId: string) => `quota:${organizationId}:${facilityId}`;

type Rules = Awaited<ReturnType<typeof loadRules>>;

/**
 * The quota violations of each item, counting what the organization holds plus the items before it in the
 * same request (a series cannot slip past a weekly quota one occurrence at a time). `quotaKey` names the
 * lock of the items a quota applies to.
 */
const quotaViolations = async (
  db: Tx,
  organizationId: string,
  items: FairUseItem[],
  rules: Rules,
  { together = true }: { together?: boolean } = {},
) => {
  const usage = new Map<string, { hours: number; bookings: number }>();
  const result: { violations: FairUseViolation[]; quotaKey: string | null }[] = [];
  for (const item of items) {
    const { effective, resource: own } = rules.get(item.resource.id) ?? { effective: NO_RULE, resource: null };
    const hasQuota = effective.quotaHours !== null || effective.quotaBookings !== null;
    if (!item.countsTowardQuota || !effective.quotaPeriod || !hasQuota || item.range.end <= item.range.start) {
      result.push({ violations: [], quotaKey: null });
      continue;
    }
    // A quota set on the resource counts that resource; one set on the facility counts all its resources.
    const quotaOnResource = own?.quotaHours != null || own?.quotaBookings != null || own?.quotaPeriod != null;
    const period = quotaPeriodOf(item.range.start, effective.quotaPeriod);
    const key = `${quotaOnResource ? item.resource.id : item.resource.facilityId}:${period.start}`;
    let used = usage.get(key);
    if (!used) {
      used = await repo.findQuotaUse(
        db,
        { organizationId, resourceId: quotaOnResource ? item.resource.id : null, facilityId: item.resource.facilityId },
        period,
      );
      usage.set(key, used);
    }
    const adding = { hours: (item.range.end - item.range.start) / HOUR_MS, bookings: 1 };
    const over = checkQuota(effective, used, adding);
    if (!over && together) usage.set(key, { hours: used.hours + adding.hours, bookings: used.bookings + 1 });
    result.push({ violations: over ? [over] : [], quotaKey: quotaLockKey(organizationId, item.resource.facilityId) });
  }
  return result;
};

export type FairUseCheck = { violations: FairUseViolation[]; quotaKey: string | null };

/**
 * Suspension and quota checks for the items of one request, for one organization, outside any lock: the
 * booking form's live check and the first pass of a request. A request whose items carry a `quotaKey` must
 * check again under `lockQuotas` in the transaction that inserts them. `together: false` checks each item
 * on its own (alternatives: the requester picks one of them, never all).
 */
export const checkFairUse = async ({
  db,
  organizationId,
  items,
  now,
  together = true,
  known,
}: {
  db: Tx;
  organizationId: string;
  items: FairUseItem[];
  now: number;
  together?: boolean;
  /** The rule rows and the organization's active suspensions at `now` for these items, when read already. */
  known?: { rules: RuleRow[]; suspensions: { facilityId: string; endsAt: Date; reason: string }[] } | undefined;
}): Promise<FairUseCheck[]> => {
  if (items.length === 0) return [];
  const resources = [...new Map(items.map((i) => [i.resource.id, i.resource])).values()];
  const rules = await loadRules(db, resources, known?.rules);
  const suspensions =
    known?.suspensions ??
    (await repo.findActiveSuspensions(
      db,
      organizationId,
      [...new Set(resources.map((r) => r.facilityId))],
      new Date(now),
    ));
  const quotas = await quotaViolations(db, organizationId, items, rules, { together });
  return items.map((item, i) => {
    const suspension = suspensions.find((s) => s.facilityId === item.resource.facilityId);
    const violations: FairUseViolation[] = suspension
      ? [
          {
            code: "SUSPENDED",
            message: `Your organization may not book at this facility until ${suspension.endsAt.toISOString()}: ${suspension.reason}`,
            params: { until: suspension.endsAt.toISOString(), reason: suspension.reason },
          },
        ]
      : [];
    return { violations: [...violations, ...quotas[i]!.violations], quotaKey: quotas[i]!.quotaKey };
  });
};

/**
 * Takes the quota locks of the items (inside `tx`, held until it ends) and checks the quotas again: what
 * concurrent requests committed meanwhile is counted now, so N requests against a quota of k leave exactly k.
 * Returns each item's quota violations. Items with no quota take no lock and cost no query.
 */
export const lockQuotas = async ({
  tx,
  organizationId,
  items,
}: {
  tx: Tx;
  organizationId: string;
  items: (FairUseItem & { quotaKey: string | null })[];
}): Promise<FairUseViolation[][]> => {
  const keys = items.flatMap((i) => (i.quotaKey ? [i.quotaKey] : []));
  if (keys.length === 0) return items.map(() => []);
  await repo.lockQuotaScopes(tx, keys);
  const resources = [...new Map(items.map((i) => [i.resource.id, i.resource])).values()];
  const checked = await quotaViolations(tx, organizationId, items, await loadRules(tx, resources));
  return checked.map((c) => c.violations);
};

const quotaTurns = new Map<string, Promise<void>>();

/**
 * Runs `work` when the earlier requests of this process under the same quota keys are done. The advisory
 * lock alone keeps quotas exact across replicas, but a burst from one organization would otherwise hold
 * every pooled connection in transactions waiting on that lock, and later requests could not get one in time.
 * Waiting here costs no connection. Process-local and best effort: the lock has the last word.
 */
export const inQuotaTurn = async <T>(keys: (string | null)[], work: () => Promise<T>): Promise<T> => {
  const key = [...new Set(keys.filter((k): k is string => k !== null))].sort().join("|");
  if (!key) return work();
  const previous = quotaTurns.get(key) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => done);
  quotaTurns.set(key, tail);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (quotaTurns.get(key) === tail) quotaTurns.delete(key);
  }
};

/**
 * Whether freed time may be offered to a waiting organization as a hold: not while it is suspended at the
 * facility, and only within its quota, checked under the same lock as a request (the hold counts as PENDING).
 */
export const admitsWaitlistHold = async ({
  tx,
  organizationId,
  resource,
  range,
  now,
}: {
  tx: Tx;
  organizationId: string;
  resource: { id: string; facilityId: string };
  range: Range;
  now: number;
}) => {
  const item = { resource, range, countsTowardQuota: true };
  const [checked] = await checkFairUse({ db: tx, organizationId, items: [item], now });
  if (checked!.violations.some((v) => v.code === "SUSPENDED")) return false;
  if (!checked!.quotaKey) return true;
  const [violations] = await lockQuotas({ tx, organizationId, items: [{ ...item, quotaKey: checked!.quotaKey }] });
  return violations!.length === 0;
};

/** A cancellation's reason, marked "late cancellation" when it falls inside the rule's window. */
export const cancellationReason = async ({
  db,
  resource,
  startsAt,
  reason,
  now,
}: {
  db: Db;
  resource: { id: string; facilityId: string };
  startsAt: number;
  reason: string | undefined;
  now: number;
}) => {
  const rule = (await loadRules(db, [resource])).get(resource.id)!.effective;
  if (!isLateCancellation(rule, startsAt, now)) return { reason, late: false };
  const prefix = `late cancellation (less than ${rule.lateCancelHours} h before the start)`;
  return { reason: reason ? `${prefix}: ${reason}` : prefix, late: true };
};

/** After a strike (no-show or late cancellation): suspend the organization when the rule says so. */
export const evaluateSuspension = async ({
  db,
  organizationId,
  resource,
  now = Date.now(),
}: {
  db: Db;
  organizationId: string;
  resource: { id: string; facilityId: string };
  now?: number;
}) => {
  const rule = (await loadRules(db, [resource])).get(resource.id)!.effective;
  if (rule.noShowLimit === null || rule.suspensionDays === null) return null;
  const active = await repo.findActiveSuspensions(db, organizationId, [resource.facilityId], new Date(now));
  if (active.length > 0) return null;
  const windowDays = rule.noShowWindowDays ?? 30;
  const strikes = await repo.countStrikes(db, organizationId, resource.facilityId, new Date(now - windowDays * DAY_MS));
  if (!suspensionDue(rule, strikes)) return null;
  return repo.createSuspension(db, {
    organizationId,
    facilityId: resource.facilityId,
    startsAt: new Date(now),
    endsAt: new Date(now + rule.suspensionDays * DAY_MS),
    reason: `${strikes} no-shows or late cancellations within ${windowDays} days`,
  });
};

/**
 * Job: marks approved bookings nobody checked in within the grace period as NO_SHOW (freeing the unit),
 * then suspends organizations that reached their facility's no-show limit. Called from api/src/jobs.ts.
 */
export const markNoShows = async (db: Db, { batch = 500 }: { batch?: number } = {}) => {
  const marked = await repo.markDueNoShows(db, batch);
  const seen = new Set<string>();
  for (const row of marked) {
    if (!row.organization_id || seen.has(`${row.organization_id}:${row.facility_id}`)) continue;
    seen.add(`${row.organization_id}:${row.facility_id}`);
    await evaluateSuspension({
      db,
      organizationId: row.organization_id,
      resource: { id: row.resource_id, facilityId: row.facility_id },
    });
  }
  return marked.length;
};

export const toSuspension = (s: Awaited<ReturnType<typeof repo.findSuspensions>>[number]) => ({
  id: s.id,
  organizationId: s.organizationId,
  facilityId: s.facilityId,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  reason: s.reason,
  liftedAt: s.liftedAt?.toISOString() ?? null,
});

const ZIdCursor = z.object({ id: z.string() });

/** Suspensions at the facilities the caller manages (admins: all); `active` narrows to the current ones. */
export const listSuspensions = async ({
  db,
  actor,
  query,
  now = Date.now(),
}: {
  db: Db;
  actor: Actor;
  query: { active?: boolean | undefined; cursor?: string | undefined; limit: number };
  now?: number;
}) => {
  const facilityIds = suspensionScopeOf(actor);
  const after = decodeCursor(query.cursor, ZIdCursor);
  const rows = await repo.findSuspensions(db, {
    facilityIds,
    ...(query.active ? { activeAt: new Date(now) } : {}),
    ...(after ? { afterId: after.id } : {}),
    take: query.limit + 1,
  });
  const items = rows.slice(0, query.limit).map(toSuspension);
  return { items, nextCursor: rows.length > query.limit ? encodeCursor({ id: items.at(-1)!.id }) : null };
};

export const liftSuspension = async ({ db, actor, id }: { db: Db; actor: Actor; id: string }) => {
  const suspension = await repo.findSuspension(db, id);
  if (!suspension || !canManageFacility(actor, suspension.facilityId))
    throw new AppError("NOT_FOUND", "No such suspension.");
  if (!(await repo.liftSuspension(db, id, actor.userId, new Date()))) {
    throw new AppError("INVALID_TRANSITION", "This suspension was lifted already.");
  }
  return toSuspension((await repo.findSuspension(db, id))!);
};

export const saveFairUse = async ({
  db,
  actor,
  target,
  fields,
}: {
  db: Db;
  actor: Actor;
  target: { facilityId: string; resourceId: string | null };
  fields: FairUseFields;
}) => {
  requireAccess({
    actor,
    permission: "facility.manage",
    target: { facilityId: target.facilityId },
    objectName: target.resourceId ? "resource" : "facility",
  });
  if (
    (fields.quotaHours !== null || fields.quotaBookings !== null) &&
    fields.quotaPeriod === null &&
    !target.resourceId
  ) {
    throw new AppError("VALIDATION_FAILED", "A quota needs a period (week or month).", {
      errors: [{ path: "quotaPeriod", code: "required_with_quota", message: "required with a quota" }],
    });
  }
  return target.resourceId
    ? repo.saveResourceRule(db, target.facilityId, target.resourceId, fields, actor.userId)
    : repo.saveFacilityRule(db, target.facilityId, fields, actor.userId);
};

const resourceOr404 = async (db: Db, code: string) => {
  const resource = await findResourceByCode(db, code);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  return resource;
};

const facilityOr404 = async (db: Db, code: string) => {
  const facility = await findFacility(db, code);
  if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
  return facility;
};

/** The rules that apply to a resource: the effective ones, and what its facility and the resource itself set. */
export const getResourceFairUse = async ({ db, code }: { db: Db; code: string }) => {
  const resource = await resourceOr404(db, code);
  return (await loadRules(db, [resource])).get(resource.id)!;
};

export const getFacilityFairUse = async ({ db, code }: { db: Db; code: string }) =>
  loadFacilityRule(db, (await facilityOr404(db, code)).id);

export const saveFacilityFairUse = async ({
  db,
  actor,
  code,
  fields,
}: {
  db: Db;
  actor: Actor;
  code: string;
  fields: FairUseFields;
}) => {
  const facility = await facilityOr404(db, code);
  await saveFairUse({ db, actor, target: { facilityId: facility.id, resourceId: null }, fields });
  return loadFacilityRule(db, facility.id);
};

/** A resource's own rules; null fields follow its facility. Answers with the rules that now apply. */
export const saveResourceFairUse = async ({
  db,
  actor,
  code,
  fields,
}: {
  db: Db;
  actor: Actor;
  code: string;
  fields: FairUseFields;
}) => {
  const resource = await resourceOr404(db, code);
  await saveFairUse({ db, actor, target: { facilityId: resource.facilityId, resourceId: resource.id }, fields });
  return (await loadRules(db, [resource])).get(resource.id)!;
};
