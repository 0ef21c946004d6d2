// pnpm bench:portal-render — server render time of the portal's main pages, over HTTP, against the built
// portal (web/build, built first when older than its sources), the API and a PostgreSQL.
//
// Not a test: it prints figures. In one run: the stack of the browser tests (tests/setup/portal.ts: a throwaway
// database, or TEST_DATABASE_URL, migrated and seeded; the API; the built portal in its own process), then
// sequential GETs of the home, resource, booking and manager pages with a signed-in session, p50/p95 of the
// whole response, next to a static file of the portal (no render, no API call: the baseline) and its /health
// (one API call) measured the same way in the same run. BENCH_SCALE=1 first adds the 1M-booking scale data
// (seeds/generate-scale.ts; several minutes), or point TEST_DATABASE_URL at a database that holds it.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { createDb } from "../../api/src/lib/db.ts";
import { createSession } from "../../api/src/modules/auth/auth.service.ts";
import { generateScale } from "../../seeds/generate-scale.ts";
import { startStack } from "../setup/portal.ts";
import { percentile } from "./timing.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));

const main = async () => {
  const started = performance.now();
  const stack = await startStack();
  const db = createDb(stack.databaseUrl);
  try {
    if (process.env.BENCH_SCALE === "1") {
      const summary = await generateScale(db, { databaseUrl: stack.databaseUrl, log: (l) => console.log(`  ${l}`) });
      console.log(
        `scale data: ${summary.bookings.toLocaleString("en")} bookings (${summary.skipped ? "present" : "generated"})`,
      );
    }
    const [{ bookings } = { bookings: 0 }] = await db.$queryRaw<
      { bookings: number }[]
    >`SELECT count(*)::int AS bookings FROM booking`;
    const cpus = os.cpus();
    console.log(
      `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "?"}), load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}, node ${process.version}; ${bookings.toLocaleString("en")} bookings in the database`,
    );
    const userId = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id;
    const member = await createSession(db, await userId("sme@demo.zhongshi.cn"));
    const manager = await createSession(db, await userId("manager.battery@demo.zhongshi.cn"));
    // The manager's facility's resource with the most bookings: the busiest calendar to render.
    const [resource] = await db.$queryRaw<{ code: string }[]>`
      SELECT r.code FROM resource r
      JOIN facility_manager fm ON fm.facility_id = r.facility_id
      JOIN app_user u ON u.id = fm.user_id AND u.email = 'manager.battery@demo.zhongshi.cn'
      LEFT JOIN booking b ON b.resource_id = r.id
      WHERE r.status = 'ACTIVE'
      GROUP BY r.id ORDER BY count(b.id) DESC, r.code LIMIT 1`;
    const cookie = (secret: string) => ({ cookie: `zs_session=${secret}` });
    const pages: [string, string, Record<string, string>][] = [
      ["static /favicon.svg (baseline: no render)", "/favicon.svg", {}],
      ["portal /health (one API call, /api/ready)", "/health", {}],
      ["home /", "/", cookie(member.secret)],
      [`resource /resources/${resource!.code}`, `/resources/${resource!.code}`, cookie(member.secret)],
      [`booking /resources/${resource!.code}/book`, `/resources/${resource!.code}/book`, cookie(member.secret)],
      ["manager /manage (approval queue)", "/manage", cookie(manager.secret)],
      ["manager /manage/calendar", "/manage/calendar", cookie(manager.secret)],
    ];
    const rows: string[][] = [["page", "p50 ms", "p95 ms", "max ms", "kB", "p95 vs baseline"]];
    let baseline = 0;
    for (const [label, path, headers] of pages) {
      const get = async () => {
        const response = await fetch(`${stack.portalUrl}${path}`, { headers, redirect: "manual" });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`${path} → ${response.status}`);
        return body.length;
      };
      let size = 0;
      for (let i = 0; i < 3; i++) size = await get();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await get();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      if (!baseline) baseline = p95;
      rows.push([
        label,
        ms(percentile(times, 50)),
        ms(p95),
        ms(times.at(-1)!),
        (size / 1024).toFixed(0),
        `${(p95 / baseline).toFixed(1)}×`,
      ]);
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const [i, r] of rows.entries()) {
      console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
      if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
    }
    console.log(`${RUNS} sequential requests per page after 3 warm-ups; goal: p95 < 100 ms (issue #16)`);
  } finally {
    await db.$disconnect();
    await stack.stop();
    console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s; stack stopped`);
  }
};

await main();
