import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import pg from "pg";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../api/src/lib/paths.ts";
import { createApp } from "../../api/src/app.ts";
import { isDemoMode } from "../../api/src/lib/env.ts";
import { startEmbeddedDatabase, superuserPasswordFile } from "../../api/src/lib/embedded-db.ts";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import { migrate } from "../../api/src/lib/migrate.ts";
import { verifyPassword } from "../../api/src/lib/password.ts";
import { seed, seedDemo } from "../../seeds/index.ts";
import { startThrowawayDatabase, type ThrowawayDatabase } from "../setup/throwaway-db.ts";
import { freePort } from "../setup/free-port.ts";

// No known passwords in a real deployment: demo accounts only in demo mode, with a password generated per
// install; an empty real database gets no accounts; the embedded superuser password is per data folder.
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
let database: ThrowawayDatabase;
let db: Db;

beforeAll(async () => {
  database = await startThrowawayDatabase("demo");
  await migrate({ databaseUrl: database.url });
  db = createDb(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.stop();
});

describe("demo mode", () => {
  it("is on by default with the embedded database only, and on with DATABASE_URL only when asked", () => {
    expect(isDemoMode({ DATABASE_URL: undefined, ZHONGSHI_DEMO: undefined })).toBe(true);
    expect(isDemoMode({ DATABASE_URL: undefined, ZHONGSHI_DEMO: "0" })).toBe(false);
    expect(isDemoMode({ DATABASE_URL: "postgresql://x/y", ZHONGSHI_DEMO: undefined })).toBe(false);
    expect(isDemoMode({ DATABASE_URL: "postgresql://x/y", ZHONGSHI_DEMO: "0" })).toBe(false);
    expect(isDemoMode({ DATABASE_URL: "postgresql://x/y", ZHONGSHI_DEMO: "1" })).toBe(true);
  });

  it("the catalogue seed creates no account; the demo seed uses the password it is given", async () => {
    await seed(db);
    expect(await db.user.count()).toBe(0);
    await seedDemo(db, { password: "generated-for-this-test", resetPasswords: false });
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@demo.zhongshi.cn" } });
    expect(await verifyPassword("generated-for-this-test", admin.passwordHash)).toBe(true);
    await seedDemo(db, { password: "a-new-install-password", resetPasswords: true });
    const again = await db.user.findUniqueOrThrow({ where: { email: "admin@demo.zhongshi.cn" } });
    expect(await verifyPassword("a-new-install-password", again.passwordHash)).toBe(true);
    await db.user.deleteMany({ where: { email: { endsWith: "@demo.zhongshi.cn" } } });
  });

  it("the sign-in page's list of demo accounts is empty outside demo mode", async () => {
    const config = { allowedOrigins: [], secureCookies: false, noShowGraceMin: 30 };
    const real = await createApp({ db, config }).request("/api/v1/auth/demo-accounts");
    expect(await real.json()).toEqual({ demo: false, emails: [] });
    const demo = await createApp({ db, config: { ...config, demoAccounts: ["admin@demo.zhongshi.cn"] } }).request(
      "/api/v1/auth/demo-accounts",
    );
    expect(await demo.json()).toEqual({ demo: true, emails: ["admin@demo.zhongshi.cn"] });
    const page = readFileSync(path.join(repoRoot, "web/src/routes/sign-in/+page.svelte"), "utf8");
    expect(page).not.toMatch(/@demo\.zhongshi\.cn/);
  });

  it("no password is a constant anywhere in the code, the README or the portal", () => {
    const old = ["zhongshi", "demo", "2026"].join("-");
    const hits = spawnSync("git", ["grep", "-n", "-I", old, "--", ".", ":!*.test.ts"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(hits.stdout).toBe("");
    const constant = spawnSync("git", ["grep", "-n", "-E", 'password = "[^"]+"', "--", "api/src", "seeds", "web/src"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(constant.stdout).toBe("");
  });
});

describe("embedded PostgreSQL superuser password", () => {
  it("is generated per data folder and stored there with mode 600", () => {
    const file = superuserPasswordFile(database.dataDir);
    expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
    const password = readFileSync(file, "utf8").trim();
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(decodeURIComponent(new URL(database.url).password)).toBe(password);
  });

  const withCluster = async (run: (dataDir: string, port: number) => Promise<void>) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-legacy-"));
    chmodSync(dataDir, 0o755);
    try {
      await run(dataDir, await freePort());
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  const hbaOf = (dataDir: string) => path.join(dataDir, "pg", "pg_hba.conf");
  const canConnect = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  };

  it("a cluster from before (a password the code does not know, no file) gets a generated one at start", async () => {
    await withCluster(async (dataDir, port) => {
      const first = await startEmbeddedDatabase({ dataDir, port, persistent: true });
      const unknown = randomBytes(12).toString("hex");
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      await client.query(`ALTER ROLE postgres PASSWORD '${unknown}'`);
      await client.end();
      await first.stop();
      const hbaBefore = readFileSync(hbaOf(dataDir), "utf8");
      rmSync(superuserPasswordFile(dataDir));

      const second = await startEmbeddedDatabase({ dataDir, port, persistent: true });
      try {
        const password = readFileSync(superuserPasswordFile(dataDir), "utf8").trim();
        expect(password).not.toBe(unknown);
        expect(password.length).toBeGreaterThanOrEqual(20);
        expect((statSync(superuserPasswordFile(dataDir)).mode & 0o777).toString(8)).toBe("600");
        expect(await canConnect(second.url)).toBe(true);
        expect(await canConnect(second.url.replace(encodeURIComponent(password), unknown))).toBe(false);
        expect(await canConnect(second.url.replace(encodeURIComponent(password), "wrong"))).toBe(false);
        // The temporary trust rule is gone: pg_hba.conf is the one the cluster had before.
        expect(readFileSync(hbaOf(dataDir), "utf8")).toBe(hbaBefore);
        expect(readdirSync(path.join(dataDir, "pg")).filter((f) => f.startsWith("pg_hba"))).toEqual(["pg_hba.conf"]);
      } finally {
        await second.stop();
      }
    });
  });

  it("a start that crashed while the password was set puts the original pg_hba.conf back before serving", async () => {
    await withCluster(async (dataDir, port) => {
      const first = await startEmbeddedDatabase({ dataDir, port, persistent: true });
      await first.stop();
      const hbaBefore = readFileSync(hbaOf(dataDir), "utf8");
      // What a crash between the two renames leaves: the original aside, a trust file in its place.
      renameSync(hbaOf(dataDir), path.join(dataDir, "pg", "pg_hba.conf.before-password"));
      writeFileSync(hbaOf(dataDir), "host all all 127.0.0.1/32 trust\n", { mode: 0o600 });
      chownSync(hbaOf(dataDir), statSync(path.join(dataDir, "pg")).uid, statSync(path.join(dataDir, "pg")).gid);

      const second = await startEmbeddedDatabase({ dataDir, port, persistent: true });
      try {
        expect(readFileSync(hbaOf(dataDir), "utf8")).toBe(hbaBefore);
        expect(await canConnect(second.url)).toBe(true);
        const password = readFileSync(superuserPasswordFile(dataDir), "utf8").trim();
        expect(await canConnect(second.url.replace(encodeURIComponent(password), "wrong"))).toBe(false);
      } finally {
        await second.stop();
      }
    });
  });

  it("no database URL in the code or scripts carries a written-out password", () => {
    const source = readFileSync(path.join(repoRoot, "api", "src", "lib", "embedded-db.ts"), "utf8");
    expect(source).not.toMatch(/LEGACY_PASSWORD|password: "|PASSWORD '[a-z]/);
    const urls = spawnSync(
      "git",
      [
        "grep",
        "-n",
        "-E",
        "postgres(ql)?://[^:/@ ]+:[^$@{/ ]+@",
        "--",
        "api/src",
        "seeds",
        "scripts",
        "web/src",
        ".ci",
      ],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(urls.stdout).toBe("");
  });
});

describe("pnpm admin:create", () => {
  const create = (email: string, stdin: string) =>
    spawnSync(tsx, [path.join(repoRoot, "api", "src", "cli", "admin-create.ts"), email, "First", "Admin"], {
      env: { ...process.env, DATABASE_URL: database.url },
      input: stdin,
      encoding: "utf8",
      timeout: 60_000,
    });

  it("makes the first administrator, with the password read from stdin", async () => {
    const result = create("root@example.org", "a long enough password\n");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const user = await db.user.findUniqueOrThrow({
      where: { email: "root@example.org" },
      include: { memberships: { include: { organization: true } } },
    });
    expect(user.memberships.map((m) => [m.role, m.organization.kind])).toEqual([["ADMIN", "AUTHORITY"]]);
    expect(await verifyPassword("a long enough password", user.passwordHash)).toBe(true);
  });

  it("refuses a short password and a missing e-mail, changing nothing", async () => {
    expect(create("short@example.org", "short\n").status).toBe(1);
    expect(create("not-an-email", "a long enough password\n").status).toBe(1);
    expect(await db.user.count({ where: { email: "short@example.org" } })).toBe(0);
  });
});

const portalBuilt = existsSync(path.join(repoRoot, "web", "build", "index.js"));

describe("start-up outside demo mode", () => {
  it.runIf(portalBuilt)("says in one line how to create the first administrator", async () => {
    await db.user.deleteMany({});
    const child = spawn(tsx, [path.join(repoRoot, "seeds", "cli", "start.ts")], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        API_PORT: String(await freePort()),
        WEB_PORT: String(await freePort()),
      },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    try {
      const deadline = Date.now() + 60_000;
      while (!/Ctrl-C stops everything/.test(output) && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
      await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
    }
    const lines = output.split("\n").filter((l) => /admin:create/.test(l));
    expect(lines, output).toHaveLength(1);
    expect(output).not.toMatch(/demo accounts|@demo\.zhongshi\.cn/);
    expect(await db.user.count()).toBe(0);
  });
});
