import type { Db } from "../../lib/db.ts";

/**
 * Rows that change rarely (resources and their policy, units, opening hours, closures, the holiday calendar,
 * operators), cached per process and per catalog version. Triggers bump `catalog_version` in the same
 * transaction as any change to those tables (migration 20261202170001_catalog_version). Every call reads the
 * version first (one primary-key lookup) and only then loads or reuses: whatever a call returns was loaded
 * after the call began and no committed change has happened since it was loaded, so a cached rule is never
 * older than what the same call would have read from the tables. Values are shared: callers must not mutate them.
 */
const MAX_ENTRIES = 5_000;
type Entry = { version: bigint; values: Map<string, Promise<unknown>> };
const caches = new WeakMap<object, Entry>();

const readVersion = async (db: Db) => {
  const [row] = await db.$queryRaw<{ version: bigint }[]>`SELECT version FROM catalog_version WHERE id = 1`;
  return row?.version ?? -1n;
};

export const cachedByCatalogVersion = async <T>(db: Db, key: string, load: () => Promise<T>): Promise<T> => {
  const version = await readVersion(db);
  let entry = caches.get(db);
  if (!entry || entry.version < version) {
    entry = { version, values: new Map() };
    caches.set(db, entry);
  } else if (entry.version > version) {
    // A call that read an older version than a concurrent one: load uncached rather than mix versions.
    return load();
  }
  const values = entry.values;
  let value = values.get(key) as Promise<T> | undefined;
  // Keys come partly from requests (codes, filters): past a bound, serve uncached rather than grow.
  if (!value && values.size >= MAX_ENTRIES) return load();
  if (!value) {
    value = load();
    values.set(key, value);
    value.catch(() => values.delete(key));
  }
  return value;
};

/** True for the top-level client (a transaction client cannot share a cache with committed reads). */
export const isRootClient = (db: object): db is Db => "$transaction" in db;
