// `pnpm db:backup` / `db:restore` against a configured server: pg_dump and pg_restore of the server's major
// version, round trip through a real PostgreSQL started here from the distribution's server binaries
// (PostgreSQL 15 on Debian 12; .ci/run installs postgresql-15 without a cluster). A pg_dump whose major
// differs from the server's must stop with one line that says what to install.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { assertToolMatchesServer, backupServer, isDumpFile, restoreServer } from "../../api/src/lib/backup.ts";
import { createDb } from "../../api/src/lib/db.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { createWorld, futureDay, at } from "../setup/fixtures.ts";
import { freePort } from "../setup/free-port.ts";
import { prepareDatabase } from "../setup/throwaway-db.ts";

const TOOLS = ["pg_dump", "pg_restore", "initdb", "pg_ctl"];

/** PG_BIN, else the newest /usr/lib/postgresql/<major>/bin that has both the client tools and a server. */
const findPgBin = () => {
  const complete = (dir: string) => TOOLS.every((tool) => existsSync(path.join(dir, tool)));
  if (process.env.PG_BIN) return complete(process.env.PG_BIN) ? process.env.PG_BIN : undefined;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  return readdirSync(root)
    .filter((major) => /^\d+$/.test(major))
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => path.join(root, major, "bin"))
    .find(complete);
};

const pgBin = findPgBin();
if (!pgBin) {
  const how = "apt-get install -y postgresql-15 postgresql-client-15 (or set PG_BIN)";
  if (process.env.REQUIRE_PG_TOOLS === "1") throw new Error(`REQUIRE_PG_TOOLS=1 but no pg_dump + server: ${how}`);
  console.warn(`[backup-pg-dump] SKIPPED: no PostgreSQL client tools and server found: ${how}`);
}

const asRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: there, its programs run as the `postgres` user. */
const runPg = (tool: string, args: string[]) => {
  const [command, all] = asRoot
    ? ["runuser", ["-u", "postgres", "--", path.join(pgBin!, tool), ...args]]
    : [path.join(pgBin!, tool), args];
  const result = spawnSync(command, all, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout || result.error}`);
};

const folder = mkdtempSync(path.join(os.tmpdir(), "zhongshi-pg-dump-"));
chmodSync(folder, 0o755);
const clusterDir = path.join(folder, "cluster");
let serverUrl = "";
let started = false;
const savedPgBin = process.env.PG_BIN;

const databaseUrl = (name: string) => `${serverUrl}/${name}`;

/** Row ids of the tables a restore must not lose, and the row count of every table. */
const contents = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ids = async (table: string) =>
      (await client.query<{ id: string }>(`SELECT id::text FROM ${table} ORDER BY id`)).rows.map((r) => r.id);
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables)
      counts[name] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`)).rows[0]!.n;
    return {
      booking: await ids("booking"),
      event: await ids("booking_event"),
      usage: await ids("usage_record"),
      counts,
    };
  } finally {
    await client.end();
  }
};

beforeAll(async () => {
  if (!pgBin) return;
  process.env.PG_BIN = pgBin;
  mkdirSync(clusterDir, { mode: 0o700 });
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    chownSync(clusterDir, uid, uid);
    chownSync(folder, uid, uid);
  }
  runPg("initdb", ["-D", clusterDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c TimeZone=UTC`;
  runPg("pg_ctl", ["-D", clusterDir, "-o", options, "-l", path.join(folder, "server.log"), "-w", "start"]);
  started = true;
  serverUrl = `postgresql://postgres@127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: databaseUrl("postgres") });
  await admin.connect();
  await admin.query("CREATE DATABASE zhongshi_source");
  await admin.query("CREATE DATABASE zhongshi_restored");
  await admin.end();
}, 120_000);

afterAll(() => {
  if (started) runPg("pg_ctl", ["-D", clusterDir, "-m", "fast", "-w", "stop"]);
  rmSync(folder, { recursive: true, force: true });
  if (savedPgBin === undefined) delete process.env.PG_BIN;
  else process.env.PG_BIN = savedPgBin;
});

describe.skipIf(!pgBin)("backups of a configured server (pg_dump / pg_restore)", () => {
  it("dumps a database and restores it into a fresh one with every booking, event and usage record", async () => {
    const source = databaseUrl("zhongshi_source");
    await prepareDatabase(source);
    const db = createDb(source);
    try {
      const world = await createWorld(db);
      const resource = await world.createResource({ units: 2, approval: "AUTO" });
      const actor = await world.actorOf(world.memberA.id);
      const day = futureDay(160);
      for (let hour = 0; hour < 5; hour++) {
        const { bookings } = await createBookings({
          db,
          actor,
          input: {
            items: [
              { resourceId: resource.id, range: { start: at(day, hour).getTime(), end: at(day, hour, 30).getTime() } },
            ],
            purpose: "pg_dump",
          },
        });
        await db.usageRecord.create({
          data: {
            bookingId: bookings[0]!.id,
            resourceId: resource.id,
            unitId: bookings[0]!.unitId,
            startedAt: at(day, hour),
            endedAt: at(day, hour, 30),
          },
        });
      }
    } finally {
      await db.$disconnect();
    }
    const before = await contents(source);
    expect(before.booking.length).toBeGreaterThanOrEqual(5);
    expect(before.usage.length).toBeGreaterThanOrEqual(5);

    const file = path.join(folder, "zhongshi.dump");
    const result = await backupServer({ databaseUrl: source, file });
    expect(result).toMatchObject({ kind: "pg_dump", file });
    expect(isDumpFile(file)).toBe(true);

    await restoreServer({ databaseUrl: databaseUrl("zhongshi_restored"), file });
    const after = await contents(databaseUrl("zhongshi_restored"));
    expect(after.booking).toEqual(before.booking);
    expect(after.event).toEqual(before.event);
    expect(after.usage).toEqual(before.usage);
    expect(after.counts).toEqual(before.counts);
  }, 120_000);

  it("refuses a pg_dump of another major version than the server's, in one line that says what to install", async () => {
    const server = await (async () => {
      const client = new pg.Client({ connectionString: inject("databaseUrl") });
      await client.connect();
      const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      await client.end();
      return Math.floor(Number(rows[0]!.v) / 10_000);
    })();
    const tool = Number(
      /(\d+)/.exec(execFileSync(path.join(pgBin!, "pg_dump"), ["--version"], { encoding: "utf8" }))![1],
    );
    // The throwaway server of the other tests is the embedded one (18), the tools here are the distribution's.
    if (tool === server)
      return expect(assertToolMatchesServer("pg_dump", inject("databaseUrl"))).resolves.toBe(undefined);
    const refusal = assertToolMatchesServer("pg_dump", inject("databaseUrl"));
    await expect(refusal).rejects.toThrow(
      new RegExp(`^pg_dump is PostgreSQL ${tool} but the server is ${server}: install the ${server} client tools`),
    );
    await expect(refusal).rejects.not.toThrow(/\n/);
  });
});
