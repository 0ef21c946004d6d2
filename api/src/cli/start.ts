// One command: database (embedded unless DATABASE_URL is set), migrations, seed on an empty database,
// the API and the built portal. Ctrl-C stops all of it, postgres included.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { existsSync } from "node:fs";
import pg from "pg";
import { demoPasswordFile, isDemoMode, loadEnv, StartupError, trustedProxies } from "../lib/env.ts";
import { readOrCreateSecret } from "../lib/secrets.ts";
import { countActiveAdmins } from "../modules/admin/admin.repository.ts";
import { createNotificationDeps, mailDirOf } from "../modules/notifications/notification-deps.ts";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/embedded-db.ts";
import { migrate } from "../lib/migrate.ts";
import { createDb, type Db } from "../lib/db.ts";
import { repoRoot } from "../lib/paths.ts";
import { startApi } from "../server.ts";

/**
 * What start-up is given from outside the api package (seeds depend on api, never the reverse):
 * seeds/cli/start.ts passes the seeding functions and the demo accounts.
 */
export type StartOptions = {
  seeds?: {
    seed: (db: Db) => Promise<{ facilities: number; resources: number; certificationBodies: number }>;
    seedDemo: (db: Db, options: { password: string; resetPasswords: boolean; activity?: boolean }) => Promise<unknown>;
    demoAccounts: readonly { email: string; role: string }[];
  };
};

const log = (line: string) => console.log(`[zhongshi] ${line}`);

const checkDatabaseUrl = async (url: string) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Cannot connect to DATABASE_URL (${reason}). Check the URL, or unset DATABASE_URL to use the embedded database.`,
    );
  }
};

/** The URLs are printed only once the portal answers, so that they work when they appear. */
const waitForHttp = async (url: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};

/**
 * Under `npm start` the portal may still be building beside this process (scripts/start.mjs): ask for it
 * and wait for the answer, which comes once it is built (at once when it was up to date).
 */
const portalBuilt = async () => {
  if (process.env.ZHONGSHI_PORTAL_BUILD !== "pending" || !process.send) return;
  const built = new Promise<void>((resolve) =>
    process.on("message", (message: { portal?: string }) => message?.portal === "built" && resolve()),
  );
  process.send({ portal: "wanted" });
  const slow = setTimeout(() => log("API ready; waiting for the portal build…"), 500);
  await built;
  clearTimeout(slow);
};

export const main = async ({ seeds }: StartOptions = {}) => {
  const demoAccounts = seeds?.demoAccounts ?? [];
  let embedded: EmbeddedDatabase | undefined;
  let portal: ChildProcess | undefined;
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  let db: Db | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    portal?.kill("SIGTERM");
    await api?.close().catch(() => {});
    await db?.$disconnect().catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    const env = loadEnv();
    let databaseUrl = env.DATABASE_URL;
    if (databaseUrl) {
      await checkDatabaseUrl(databaseUrl);
      log("using the database at DATABASE_URL");
    } else {
      log(`starting embedded PostgreSQL (data in ${env.ZHONGSHI_DATA_DIR}, port ${env.PG_PORT})…`);
      embedded = await startEmbeddedDatabase({ dataDir: env.ZHONGSHI_DATA_DIR, port: env.PG_PORT, persistent: true });
      databaseUrl = embedded.url;
    }
    const { applied } = await migrate({ databaseUrl });
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
    db = createDb(databaseUrl);
    const fresh = (await db.facility.count()) === 0;
    if (fresh && seeds) {
      const summary = await seeds.seed(db);
      log(
        `seeded ${summary.facilities} facilities, ${summary.resources} resources, ${summary.certificationBodies} certification bodies`,
      );
    }
    const demo = isDemoMode(env);
    let demoPassword: string | undefined;
    if (demo) {
      // Generated once per install; a new one also replaces whatever password older demo accounts had.
      const secret = readOrCreateSecret(demoPasswordFile(env));
      demoPassword = secret.value;
      if (seeds && (fresh || secret.created))
        await seeds.seedDemo(db, { password: secret.value, resetPasswords: secret.created, activity: fresh });
    }
    const webOrigin = env.PUBLIC_ORIGIN ?? `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.WEB_PORT}`;
    const allowedOrigins = [webOrigin, `http://localhost:${env.WEB_PORT}`, `http://127.0.0.1:${env.WEB_PORT}`];
    const notifications = createNotificationDeps({
      smtpUrl: env.SMTP_URL,
      mailFrom: env.MAIL_FROM,
      dataDir: env.ZHONGSHI_DATA_DIR,
      publicOrigin: webOrigin,
    });
    log(`mail     ${notifications.mailer.describe}`);
    api = await startApi({
      db,
      notifications,
      databaseUrl,
      config: {
        allowedOrigins,
        secureCookies: webOrigin.startsWith("https:"),
        hsts: webOrigin.startsWith("https:"),
        noShowGraceMin: 30,
        ...(trustedProxies(env) ? { trustedProxies: trustedProxies(env) } : {}),
        ...(demo ? { demoAccounts: demoAccounts.map((a) => a.email) } : {}),
        ...(env.SMTP_URL ? {} : { mailDir: mailDirOf(env.ZHONGSHI_DATA_DIR) }),
      },
      port: env.API_PORT,
      host: env.HOST,
    });
    const apiOrigin = `http://127.0.0.1:${api.port}`;

    await portalBuilt();
    const portalEntry = path.join(repoRoot, "web", "build", "index.js");
    if (!existsSync(portalEntry))
      throw new StartupError(
        "The portal is not built. Run `pnpm --filter @zhongshi/web build` (npm start does it for you).",
      );
    portal = spawn(process.execPath, [portalEntry], {
      stdio: "inherit",
      env: {
        ...process.env,
        PORT: String(env.WEB_PORT),
        HOST: env.HOST,
        ORIGIN: webOrigin,
        API_ORIGIN: apiOrigin,
        // Report PDFs (up to 20 MB) are uploaded through a portal form; the API limits every other body to 64 KiB.
        BODY_SIZE_LIMIT: "21M",
      },
    });
    portal.on("exit", (code) => {
      if (!stopping) {
        console.error(
          `[zhongshi] the portal exited (code ${code}). Is port ${env.WEB_PORT} free? Set WEB_PORT to another port.`,
        );
        void stop(1);
      }
    });
    await waitForHttp(`http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${env.WEB_PORT}/health`);

    log("");
    log(`portal   ${webOrigin}`);
    log(`API      ${apiOrigin}/api/v1   docs ${apiOrigin}/api/docs`);
    if (demo) {
      log(`demo mode: demo accounts (password for all: ${demoPassword}, kept in ${demoPasswordFile(env)})`);
      for (const account of demoAccounts) log(`  ${account.role.padEnd(7)} ${account.email}`);
    } else if ((await countActiveAdmins(db)) === 0) {
      log("no administrator yet: create the first one with `pnpm admin:create you@example.org` (asks for a password)");
    }
    log("Ctrl-C stops everything.");
  } catch (error) {
    if (error instanceof StartupError || (error instanceof Error && /Port \d+ is already taken/.test(error.message))) {
      console.error(`[zhongshi] ${error.message}`);
    } else {
      console.error("[zhongshi] start-up failed:", error);
    }
    await stop(1);
  }
};

// Not an entry point: `npm start` runs seeds/cli/start.ts (compiled to api/dist/start.js), which passes the
// seeds in, so that the api package never imports seeds.
