import { AsyncLocalStorage } from "node:async_hooks";
import { Prisma } from "../../generated/prisma/client.ts";
import { queryRawFast, type Db } from "../../lib/db.ts";

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

// Read before every cached lookup of a request: a prepared statement straight on the pool (lib/db.ts).
const readVersion = async (db: Db) => {
  const [row] = await queryRawFast<{ version: bigint | string }>(
    db,
    Prisma.sql`SELECT version FROM catalog_version WHERE id = 1`,
    { name: "catalog_version" },
  );
  return row ? BigInt(row.version) : -1n;
};

/** The version one unit of work reads the catalog at: read once (lazily, or given), then reused by every lookup. */
type Pin = { db: object; version?: Promise<bigint> };
const pins = new AsyncLocalStorage<Pin>();

/**
 * Runs `work` with one catalog version for all of its cached lookups: the first lookup reads the version
 * (or `version`, read by the caller in a statement of its own, is taken), later ones reuse it. What `work`
 * sees is then the catalog as of one moment no older than its start, as one snapshot would show it, for one
 * version read instead of one per lookup. Only for work that does not itself change the catalog.
 */
export const withOneCatalogVersion = <T>(db: Db, work: () => Promise<T>, version?: bigint): Promise<T> => {
  const current = pins.getStore();
  if (current?.db === db && version === undefined) return work();
  return pins.run({ db, ...(version === undefined ? {} : { version: Promise.resolve(version) }) }, work);
};

const versionFor = (db: Db) => {
  const pin = pins.getStore();
  if (pin?.db !== db) return readVersion(db);
  pin.version ??= readVersion(db);
  return pin.version;
};

export const cachedByCatalogVersion = async <T>(db: Db, key: string, load: () => Promise<T>): Promise<T> => {
  const version = await versionFor(db);
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

/**
 * What is cached under `key` now, with the catalog version it was loaded at, without reading the version (no
 * statement): for work that starts early on it and keeps the result only if the version it reads later is the
 * same. Undefined when nothing is cached.
 */
export const peekCached = <T>(db: Db, key: string): { version: bigint; value: Promise<T> } | undefined => {
  const entry = caches.get(db);
  const value = entry?.values.get(key) as Promise<T> | undefined;
  return entry && value ? { version: entry.version, value } : undefined;
};

/** True for the top-level client (a transaction client cannot share a cache with committed reads). */
export const isRootClient = (db: object): db is Db => "$transaction" in db;
