// pnpm bench:api — the production-mode API over HTTP (autocannon 9), set against PostgreSQL itself.
//
// Not a test: it prints figures and fails only when something breaks. In one run, on one throwaway embedded
// PostgreSQL (stopped and deleted at the end, also on error):
//   1. a world (createWorld): a facility open around the clock with 1,000 resources of two units each;
//   2. the API in its own process (tests/bench/api-server.ts: api/src/server.ts with its jobs, NODE_ENV=production),
//      signed in as a member through a session cookie;
//   3. autocannon against it: booking create with 1 and 16 connections (every request its own free slot:
//      resource k mod 1,000, hour k div 1,000, so no two requests collide), /bookings/check with 1,
//      GET /resources with 16;
//   4. the baseline in the same run, on the same PostgreSQL, same table, same exclusion constraint: raw
//      single-row INSERTs on the units the API does not use, 1 and 16 clients, for the same duration;
//   5. with BENCH_SCALE=1: the 1M-booking scale data (seeds/generate-scale.ts, ~2 min) and availability over
//      HTTP: 1 resource × 30 days, one facility × 7 days, 1,000 resources × 7 days (p50/p95, sequential).
//
// BENCH_SECONDS (default 10) per load case; BENCH_CPU_PROF=<dir> writes the server's --cpu-prof there;
// BENCH_TRACE_ONLY=1 stops after the statement trace, BENCH_TRACE_FULL=1 prints the statements whole;
// BENCH_ONLY=availability skips the write and catalog loads (3) and runs only the availability cases (5), with
// their baselines in the same run: GET /api/health over HTTP (the HTTP floor) and the busy-time query alone
// over node-postgres (the database floor). BENCH_ONLY=create|check|catalog runs only that load case of (3), with
// the raw INSERT baseline, e.g. to profile it with BENCH_CPU_PROF.
import os from "node:os";
import nodeHttp from "node:http";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import pg from "pg";
import { createApp } from "../../api/src/app.ts";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { generateScale } from "../../seeds/generate-scale.ts";
import { createWorld, futureDay, ORIGIN } from "../setup/fixtures.ts";
import { prepareDatabase, startThrowawayDatabase } from "../setup/throwaway-db.ts";
import { percentile, time } from "./timing.ts";
import { recordStatements } from "../setup/statements.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RESOURCES = 1_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const here = path.dirname(fileURLToPath(import.meta.url));

const int = (v: number) => Math.round(v).toLocaleString("en");
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));

/** Slot k: resource k mod 1,000, one hour from the day after tomorrow on (the facility is open 24/7). */
const slot = (day0: number, k: number) => {
  const hour = Math.floor(k / RESOURCES);
  const start = day0 + 2 * DAY_MS + hour * HOUR_MS;
  return { index: k % RESOURCES, start, end: start + HOUR_MS };
};

const startServer = async (url: string) => {
  const profDir = process.env.BENCH_CPU_PROF;
  const args = [
    ...(profDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profDir)}`] : []),
    "--import",
    import.meta.resolve("tsx/esm"),
    path.join(here, "api-server.ts"),
  ];
  // The server's log lines (one per request) go to a file, as a deployment's would: a pipe read by this busy
  // process filled up and made the server's synchronous log writes wait (a third of its CPU samples).
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), "zhongshi-bench-log-")), "api.log");
  const out = openSync(logFile, "w");
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: url, API_PORT: "0", BENCH_ORIGIN: ORIGIN },
    stdio: ["ignore", out, "inherit"],
    detached: true,
  });
  closeSync(out);
  const port = await new Promise<number>((resolve, reject) => {
    const poll = setInterval(() => {
      const m = /listening (\d+)/.exec(readFileSync(logFile, "utf8"));
      if (m) {
        clearInterval(poll);
        resolve(Number(m[1]));
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(poll);
      reject(new Error(`the API exited (${code}) before listening: ${readFileSync(logFile, "utf8")}`));
    });
  });
  console.log(`server log: ${logFile}`);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { port, stop, child };
};

type Load = { rate: number; p50: number; p99: number; ok: number; bad: number };

const load = async (options: autocannon.Options): Promise<Load> => {
  const r = await autocannon({ duration: SECONDS, ...options });
  const ok = r["2xx"];
  const bad = r.non2xx + r.errors + r.timeouts;
  return { rate: ok / r.duration, p50: r.latency.p50, p99: r.latency.p99, ok, bad };
};

/** `clients` loops of single-row INSERTs for SECONDS, each on its own connection; latencies per statement. */
const rawInserts = async (
  url: string,
  clients: number,
  next: () => { unitId: string; resourceId: string; start: number; end: number },
  who: { org: string; user: string },
): Promise<Load> => {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const latencies: number[] = [];
  let bad = 0;
  try {
    // Connect all clients before the clock starts, as autocannon does.
    const conns = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
    const until = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    await Promise.all(
      conns.map(async (c) => {
        while (performance.now() < until) {
          const s = next();
          const t = performance.now();
          const r = await c.query(
            `INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at, status, purpose)
             VALUES ('BOOKING', $1, $2, $3, $4, $5, $6, 'PENDING', 'bench raw') RETURNING id`,
            [who.org, who.user, s.resourceId, s.unitId, new Date(s.start), new Date(s.end)],
          );
          latencies.push(performance.now() - t);
          if (r.rowCount !== 1) bad++;
        }
        c.release();
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      rate: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      ok: latencies.length - bad,
      bad,
    };
  } finally {
    await pool.end();
  }
};

/** Records the statements a booking sends, whitespace folded for printing. */
const countStatements = () => {
  const recording = recordStatements();
  return { stop: () => recording.stop().map((text) => text.replace(/\s+/g, " ").trim()) };
};

const printTable = (table: string[][]) => {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length)));
  for (const [i, r] of table.entries()) {
    console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
};

const run = async (db: Db, url: string, stopLater: (f: () => Promise<void>) => void) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [{ server_version: version }] = (await client.query("SHOW server_version")).rows as [
      { server_version: string },
    ];
    const cpus = os.cpus();
    console.log(
      `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}, node ${process.version}, PostgreSQL ${version} (embedded)`,
    );

    const world = await createWorld(db);
    await client.query(
      `INSERT INTO resource (facility_id, code, kind, mode, name_zh, name_en, description_zh, description_en, granularity_min, min_duration_min,
         max_duration_min, min_notice_min, horizon_days, approval, price_internal_fen, price_external_fen)
       SELECT $1::uuid, 'BENCH-' || $2 || '-' || lpad(i::text, 4, '0'), 'INSTRUMENT', 'SELF_OPERATED', '基准设备 ' || i, 'Bench instrument ' || i, '基准', 'bench',
         30, 30, 1440, 0, 400, 'MANAGER'::"ApprovalPolicy", 10000, 20000
       FROM generate_series(1, $3::int) AS i`,
      [world.facility.id, world.tag, RESOURCES],
    );
    await client.query(
      `INSERT INTO resource_unit (resource_id, label, position)
       SELECT r.id, r.code || '-' || p, p FROM resource r CROSS JOIN generate_series(1, 2) AS p WHERE r.facility_id = $1::uuid`,
      [world.facility.id],
    );
    const units = (
      await client.query<{ resource_id: string; unit_id: string; position: number; code: string }>(
        `SELECT r.id AS resource_id, u.id AS unit_id, u.position, r.code FROM resource r JOIN resource_unit u ON u.resource_id = r.id
         WHERE r.facility_id = $1::uuid ORDER BY r.code, u.position`,
        [world.facility.id],
      )
    ).rows;
    const resources = units.filter((u) => u.position === 1);
    const rawUnits = units.filter((u) => u.position === 2);
    await client.query("ANALYZE");
    const headers = await world.sessionHeaders(world.memberA.id);
    const day0 = futureDay(0);

    // The statements of one booking: through the use case, the first after a catalog change (cache cold) and
    // the next on the same resource (cache warm); then a whole POST /bookings through the app in process
    // (session and actor included), warm.
    const actor = await world.actorOf(world.memberA.id);
    let traced = 0;
    const traceSlot = () => slot(day0, (350 * 24 + ++traced) * RESOURCES);
    const trace = async () => {
      const t = countStatements();
      await createBookings({
        db,
        actor,
        input: { items: [{ resourceId: resources[0]!.resource_id, range: traceSlot() }], purpose: "bench trace" },
      });
      return t.stop();
    };
    await client.query("UPDATE catalog_version SET version = version + 1");
    const cold = await trace();
    // The first booking in a new year also derives that year's provisional holidays (a catalog change): the
    // second one is the first with everything cached.
    await trace();
    const warm = await trace();
    const app = createApp({ db, config: { allowedOrigins: [ORIGIN], secureCookies: false, noShowGraceMin: 30 } });
    const viaApp = async () => {
      const s = traceSlot();
      const t = countStatements();
      const response = await app.request("/api/v1/bookings", {
        method: "POST",
        headers,
        body: JSON.stringify({
          resourceId: resources[0]!.resource_id,
          start: new Date(s.start).toISOString(),
          end: new Date(s.end).toISOString(),
          purpose: "bench trace",
        }),
      });
      if (response.status !== 201) throw new Error(`trace booking → ${response.status}: ${await response.text()}`);
      return t.stop();
    };
    await viaApp();
    const http = await viaApp();
    const width = process.env.BENCH_TRACE_FULL === "1" ? Infinity : 120;
    console.log(
      `statements of one booking: use case cold ${cold.length}, warm ${warm.length}; whole request (auth included), warm ${http.length}`,
    );
    for (const [i, text] of http.entries()) console.log(`  ${String(i + 1).padStart(2)}. ${text.slice(0, width)}`);
    if (process.env.BENCH_TRACE_FULL === "1")
      for (const [i, text] of warm.entries()) console.log(`  use case ${i + 1}. ${text.slice(0, 160)}`);
    if (process.env.BENCH_TRACE_ONLY === "1") return;

    const server = await startServer(url);
    stopLater(server.stop);
    const base = `http://127.0.0.1:${server.port}/api/v1`;
    console.log(`API (NODE_ENV=production, tsx) on ${base}; ${SECONDS} s per case\n`);
    const onlyAvailability = process.env.BENCH_ONLY === "availability";
    // Any other BENCH_ONLY (create, check, catalog) runs that load case alone, without the availability cases.
    if (!onlyAvailability) await writeLoads();
    if ((process.env.BENCH_SCALE !== "1" || process.env.BENCH_ONLY) && !onlyAvailability) return;
    await availability();

    async function writeLoads() {
      // The API and the raw path each walk their own slot sequence: API on unit 1 (createBookings takes the
      // first free unit), raw on unit 2 of the same resources.
      let apiK = 0;
      let rawK = 0;
      const nextApiBody = () => {
        const s = slot(day0, apiK++);
        return JSON.stringify({
          resourceId: resources[s.index]!.resource_id,
          start: new Date(s.start).toISOString(),
          end: new Date(s.end).toISOString(),
          purpose: "bench api",
        });
      };
      const nextRaw = () => {
        const s = slot(day0, rawK++);
        const u = rawUnits[s.index]!;
        return { unitId: u.unit_id, resourceId: u.resource_id, start: s.start, end: s.end };
      };
      const who = { org: world.orgA.id, user: world.memberA.id };
      const create = (connections: number) =>
        load({
          url: `${base}/bookings`,
          connections,
          requests: [{ method: "POST", headers, setupRequest: (req) => ({ ...req, body: nextApiBody() }) }],
        });

      // Warm-up: JIT, plan caches, pools. BENCH_CREATE_WARMUP seconds (default 8): the server log showed the first
      // ~1,000 bookings after start at 5 ms a request and the rest at 2.2 ms, so a 2 s warm-up (~300 requests) left
      // the first 4 s of the measured one-client case in the slow part.
      await load({
        url: `${base}/bookings`,
        connections: 1,
        duration: Number(process.env.BENCH_CREATE_WARMUP ?? 8),
        requests: [{ method: "POST", headers, setupRequest: (req) => ({ ...req, body: nextApiBody() }) }],
      });
      await rawInserts(url, 1, nextRaw, who);

      const rows: string[][] = [["case", "clients", "ok/s", "p50 ms", "p99 ms", "ok", "failed", "vs raw"]];
      const line = (label: string, clients: number, r: Load, raw?: Load) =>
        rows.push([
          label,
          String(clients),
          int(r.rate),
          ms(r.p50),
          ms(r.p99),
          int(r.ok),
          int(r.bad),
          raw ? `${((r.rate / raw.rate) * 100).toFixed(1)} %` : "",
        ]);
      // BENCH_ONLY=create|check|catalog runs that case alone (with its raw baseline), e.g. to profile it.
      const only = process.env.BENCH_ONLY;
      const want = (name: string) => !only || only === name;
      const raw1 = await rawInserts(url, 1, nextRaw, who);
      line("raw INSERT … RETURNING id (baseline)", 1, raw1);
      if (want("create")) {
        const api1 = await create(1);
        line("POST /bookings", 1, api1, raw1);
        const raw16 = await rawInserts(url, 16, nextRaw, who);
        const api16 = await create(16);
        line("raw INSERT … RETURNING id (baseline)", 16, raw16);
        line("POST /bookings", 16, api16, raw16);
      }
      if (want("check")) {
        // A check of a free slot far ahead (rules, conflicts, price; nothing written): the first day from 200 days
        // on whose slot the check accepts (a statutory holiday is closed: day 300 fell on 国庆 in round 5, so that
        // bench measured refusals and their alternatives). A refused check, which also suggests alternatives, is
        // measured too, on the first refused day, as another workload.
        type Checked = { ok: boolean; violations: { code: string }[]; alternatives: unknown[] };
        const checkBodyOn = (day: number) => {
          const s = slot(day0, day * 24 * RESOURCES);
          return JSON.stringify({
            resourceId: resources[0]!.resource_id,
            start: new Date(s.start).toISOString(),
            end: new Date(s.end).toISOString(),
          });
        };
        const ask = async (body: string) => {
          const answer = await fetch(`${base}/bookings/check`, { method: "POST", headers, body });
          if (answer.status !== 200) throw new Error(`check → ${answer.status}: ${await answer.text()}`);
          return (await answer.json()) as Checked;
        };
        const bodies: Partial<Record<"accepted" | "refused", { body: string; answer: Checked }>> = {};
        for (let day = 200; day < 400 && !(bodies.accepted && bodies.refused); day++) {
          const body = checkBodyOn(day);
          const answer = await ask(body);
          bodies[answer.ok ? "accepted" : "refused"] ??= { body, answer };
        }
        for (const [kind, found] of Object.entries(bodies)) {
          const { answer } = found;
          console.log(
            `check ${kind}: ok ${answer.ok}, violations [${answer.violations.map((v) => v.code).join(", ")}], ${answer.alternatives.length} alternatives`,
          );
        }
        if (!bodies.accepted) throw new Error("no day from 200 to 399 on which the check accepts the slot");
        const check = (body: string) =>
          load({ url: `${base}/bookings/check`, connections: 1, method: "POST", headers, body });
        line("POST /bookings/check (accepted)", 1, await check(bodies.accepted.body), raw1);
        if (bodies.refused)
          line("POST /bookings/check (refused: alternatives)", 1, await check(bodies.refused.body), raw1);
      }
      if (want("catalog")) {
        const page = await fetch(`${base}/resources`);
        console.log(`GET /resources answer: ${page.status}, ${((await page.text()).length / 1024).toFixed(1)} kB`);
        const catalog16 = await load({ url: `${base}/resources`, connections: 16 });
        line("GET /resources", 16, catalog16);
      }
      printTable(rows);
      const [{ n }] = (
        await client.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE purpose = 'bench api'")
      ).rows as [{ n: number }];
      console.log(
        `bookings the API created: ${int(n)}; "vs raw" is the API's rate as a share of the raw INSERT rate measured in this run` +
          ` (the machine is shared: read the ratio, not the absolute figure)`,
      );
    }

    async function availability() {
      // ---- availability over HTTP with 1M bookings --------------------------------------------------------
      const t0 = performance.now();
      // Generates nothing when the database already holds the scale data.
      const summary = await generateScale(db, { resources: 500, bookings: 1_000_000, years: 2, databaseUrl: url });
      await client.query("ANALYZE");
      console.log(
        `\nscale data: ${int(summary.bookings)} bookings on ${int(summary.units)} units in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
      const [busiest] = (
        await client.query<{ code: string; resources: number }>(
          `SELECT f.code, count(*)::int AS resources FROM facility f JOIN resource r ON r.facility_id = f.id
         WHERE f.id IN (SELECT facility_id FROM resource WHERE code LIKE 'SCALE-%')
         GROUP BY f.id ORDER BY count(*) DESC, f.code LIMIT 1`,
        )
      ).rows;
      const [scaleResource] = (
        await client.query<{ code: string }>(
          `SELECT r.code FROM resource r JOIN resource_unit u ON u.resource_id = r.id WHERE r.code LIKE 'SCALE-%'
         GROUP BY r.id ORDER BY count(*) DESC, r.code LIMIT 1`,
        )
      ).rows;
      const from = new Date(day0 + DAY_MS);
      const window = (days: number) =>
        `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(new Date(from.getTime() + days * DAY_MS).toISOString())}`;
      // node:http on one kept-alive socket: fetch (undici) spent more of each sequential round trip in this
      // process (WHATWG streams, a Response per answer) and put its own garbage collections into the tail.
      const agent = new nodeHttp.Agent({ keepAlive: true, maxSockets: 1 });
      stopLater(async () => agent.destroy());
      const get = (url: string) =>
        new Promise<string>((resolve, reject) => {
          nodeHttp
            .get(url, { agent, headers: { cookie: headers.cookie } }, (response) => {
              const chunks: Buffer[] = [];
              response.on("data", (chunk: Buffer) => chunks.push(chunk));
              response.on("error", reject);
              response.on("end", () =>
                response.statusCode === 200
                  ? resolve(Buffer.concat(chunks).toString())
                  : reject(new Error(`${url} → ${response.statusCode}`)),
              );
            })
            .on("error", reject);
        });
      const cases: [string, string, string][] = [
        ["1 resource × 30 days", `${base}/resources/${scaleResource!.code}/availability?${window(30)}`, "p95 ≤ 5 ms"],
        [
          `facility ${busiest!.code} (${busiest!.resources} resources) × 7 days`,
          `${base}/facilities/${busiest!.code}/availability?${window(7)}`,
          "p95 ≤ 25 ms",
        ],
        [
          `facility ${world.facility.code} (1,000 resources) × 7 days`,
          `${base}/facilities/${world.facility.code}/availability?${window(7)}`,
          "≤ 150 ms",
        ],
      ];
      const runs = Number(process.env.BENCH_RUNS ?? 50);
      // Baselines in the same run: an HTTP round trip that touches nothing (the HTTP floor), and the busy-time
      // query of the first case alone on a warm node-postgres connection (the database floor).
      // CPU time the server process spent per request (user + system, from /proc): unlike latency, it hardly
      // depends on what the other sessions on the machine are doing. 100 ticks a second: read it over many runs.
      const serverCpuMs = () => {
        const fields = readFileSync(`/proc/${server.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
      };
      // Warm-up per case (BENCH_WARMUP, default 100 requests): with 5, the first few hundred requests' JIT and
      // inline-cache work landed in the measured runs and set the tail (p95).
      const warmups = Number(process.env.BENCH_WARMUP ?? 100);
      const timed = async (fn: () => Promise<unknown>) => {
        for (let i = 0; i < warmups; i++) await fn();
        const cpu0 = serverCpuMs();
        const t = await time(runs, fn, 0);
        return { ...t, cpu: (serverCpuMs() - cpu0) / runs };
      };
      const health = await timed(() => get(`${base.replace(/\/v1$/, "")}/health`));
      const busySql = `SELECT b.unit_id, range_agg(b.blocked * tstzrange($2, $3, '[)')) AS busy
      FROM resource_unit u JOIN booking b ON b.unit_id = u.id
      WHERE u.resource_id = (SELECT id FROM resource WHERE code = $1)
        AND b.status IN ('PENDING', 'APPROVED', 'CHECKED_IN') AND b.blocked && tstzrange($2, $3, '[)')
      GROUP BY b.unit_id`;
      const busyArgs = [scaleResource!.code, from, new Date(from.getTime() + 30 * DAY_MS)];
      const busy = await time(runs, () => client.query(busySql, busyArgs), 5);
      const table: string[][] = [
        [
          "availability over HTTP, 1M bookings",
          "p50 ms",
          "p95 ms",
          "p95 ÷ /health p95",
          "server CPU ms/req",
          "body",
          "goal",
        ],
        ["baseline: GET /api/health (HTTP floor)", ms(health.p50), ms(health.p95), "1.0", ms(health.cpu), "", ""],
        ["baseline: busy-time SQL of case 1 alone (pg)", ms(busy.p50), ms(busy.p95), "", "", "", ""],
      ];
      for (const [label, url, goal] of cases) {
        const size = (await get(url)).length;
        const t = await timed(() => get(url));
        table.push([
          label,
          ms(t.p50),
          ms(t.p95),
          (t.p95 / health.p95).toFixed(1),
          ms(t.cpu),
          `${(size / 1024).toFixed(0)} kB`,
          goal,
        ]);
      }
      console.log(
        `\nload average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}; ${runs} sequential runs per case after ${warmups} warm-up runs`,
      );
      printTable(table);
    }
  } finally {
    await client.end();
  }
};

const main = async () => {
  const started = performance.now();
  const stops: (() => Promise<void>)[] = [];
  let db: Db | undefined;
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    // BENCH_DATABASE_URL: a database already migrated and seeded (e.g. holding the scale data), kept afterwards.
    let url = process.env.BENCH_DATABASE_URL;
    if (!url) {
      const embedded = await startThrowawayDatabase("bench-api");
      stops.push(embedded.stop);
      console.log(`started a throwaway PostgreSQL in ${embedded.dataDir}`);
      await prepareDatabase(embedded.url);
      url = embedded.url;
    }
    db = createDb(url);
    const dbRef = db;
    stops.push(() => dbRef.$disconnect());
    await run(db, url, (stop) => stops.push(stop));
  } finally {
    await stopAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s; server and database stopped`);
  }
};

await main();
