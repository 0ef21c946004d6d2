// Backups of the database, two ways:
// - a configured server (DATABASE_URL): pg_dump / pg_restore in custom format. Their major version must be the
//   server's; when it is not, we say so in one line and stop (an older pg_dump refuses a newer server, and
//   a dump restored across majors is a migration, not a restore).
// - the embedded cluster, whose npm package ships no pg_dump: a physical online backup with PostgreSQL's
//   low-level API. A temporary replication slot pins the WAL from the start, pg_backup_start marks the
//   checkpoint, the data folder is copied while the server runs, pg_backup_stop hands back the backup_label,
//   then the WAL written meanwhile is copied. Started on a restored copy, PostgreSQL reads backup_label and
//   replays that WAL to a consistent state (as after pg_basebackup -X stream). A stopped cluster is copied as is.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { StartupError } from "./env.ts";
import { superuserPasswordFile } from "./embedded-db.ts";

/** The cluster's superuser password lives beside it; a restored cluster needs the password it was backed up with. */
const PASSWORD_ENTRY = path.basename(superuserPasswordFile("."));

/** Files the server recreates or must not find in a backup (see "Making a Base Backup Using the Low Level API"). */
const SKIP_CONTENTS = new Set([
  "pg_wal",
  "pg_replslot",
  "pg_stat_tmp",
  "pg_dynshmem",
  "pg_notify",
  "pg_serial",
  "pg_snapshots",
  "pg_subtrans",
]);
const SKIP_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map", "backup_manifest"]);

/** Copies a folder that a running server is writing; files that vanish meanwhile are skipped (WAL redoes them). */
const copyLive = async (from: string, to: string, depth = 0): Promise<number> => {
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  let copied = 0;
  let entries;
  try {
    entries = await fs.readdir(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (depth === 0 && SKIP_FILES.has(entry.name)) continue;
    if (entry.name.startsWith("pgsql_tmp")) continue;
    if (entry.isDirectory()) {
      if (depth === 0 && SKIP_CONTENTS.has(entry.name)) {
        await fs.mkdir(target, { recursive: true, mode: 0o700 });
        continue;
      }
      copied += await copyLive(source, target, depth + 1);
    } else if (entry.isFile()) {
      try {
        await fs.copyFile(source, target);
        copied++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }
  return copied;
};

const isRunning = (clusterDir: string) => existsSync(path.join(clusterDir, "postmaster.pid"));

const tar = (args: string[]) => {
  const result = spawnSync("tar", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tar ${args[0]} failed: ${result.stderr || result.error}`);
};

export type BackupResult = { file: string; kind: "embedded-online" | "embedded-offline" | "pg_dump"; detail: string };

/** Online physical backup of the embedded cluster in `clusterDir` into a .tar.gz, through a superuser URL. */
export const backupEmbedded = async ({
  databaseUrl,
  clusterDir,
  file,
}: {
  databaseUrl: string;
  clusterDir: string;
  file: string;
}): Promise<BackupResult> => {
  const staging = mkdtempSync(path.join(os.tmpdir(), "zhongshi-backup-"));
  try {
    const copy = path.join(staging, "pg");
    let detail: string;
    let kind: BackupResult["kind"];
    if (!isRunning(clusterDir)) {
      await copyLive(clusterDir, copy);
      await fs.cp(path.join(clusterDir, "pg_wal"), path.join(copy, "pg_wal"), { recursive: true });
      kind = "embedded-offline";
      detail = "cluster was stopped: copied as is";
    } else {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const slot = `zhongshi_backup_${process.pid}`;
        await client.query("SELECT pg_create_physical_replication_slot($1, true, true)", [slot]);
        const start = await client.query<{ lsn: string }>("SELECT pg_backup_start($1, true)::text AS lsn", [
          `zhongshi ${new Date().toISOString()}`,
        ]);
        await copyLive(clusterDir, copy);
        const stop = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
          "SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)",
        );
        const { labelfile, spcmapfile, lsn } = stop.rows[0]!;
        writeFileSync(path.join(copy, "backup_label"), labelfile);
        if (spcmapfile) writeFileSync(path.join(copy, "tablespace_map"), spcmapfile);
        // The WAL from the start up to (and past) the stop: the slot kept every segment since the start.
        await fs.cp(path.join(clusterDir, "pg_wal"), path.join(copy, "pg_wal"), {
          recursive: true,
          filter: (source) => !source.includes(`${path.sep}archive_status${path.sep}`),
        });
        await fs.mkdir(path.join(copy, "pg_wal", "archive_status"), { recursive: true });
        kind = "embedded-online";
        detail = `WAL ${start.rows[0]!.lsn} → ${lsn}`;
      } finally {
        await client.end();
      }
    }
    const passwordFile = superuserPasswordFile(path.dirname(clusterDir));
    const entries = ["pg"];
    if (existsSync(passwordFile)) {
      await fs.copyFile(passwordFile, path.join(staging, PASSWORD_ENTRY));
      entries.push(PASSWORD_ENTRY);
    }
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    tar(["-czf", path.resolve(file), "-C", staging, ...entries]);
    return { file: path.resolve(file), kind, detail };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
};

/**
 * Puts a backup in place of the embedded cluster `clusterDir`, which must be stopped. The previous folder is
 * kept beside it (`pg.before-restore-<time>`). The next start replays the backup's WAL.
 */
export const restoreEmbedded = async ({ file, clusterDir }: { file: string; clusterDir: string }) => {
  if (isRunning(clusterDir))
    throw new StartupError(`The embedded database in ${clusterDir} is running. Stop it (Ctrl-C npm start) first.`);
  const parent = path.dirname(clusterDir);
  await fs.mkdir(parent, { recursive: true });
  let keptAt: string | undefined;
  if (existsSync(clusterDir)) {
    keptAt = `${clusterDir}.before-restore-${new Date().toISOString().replaceAll(":", "-")}`;
    await fs.rename(clusterDir, keptAt);
  }
  const staging = mkdtempSync(path.join(parent, ".restore-"));
  try {
    tar(["-xzf", path.resolve(file), "-C", staging]);
    await fs.rename(path.join(staging, "pg"), clusterDir);
    const passwordFile = superuserPasswordFile(parent);
    if (existsSync(path.join(staging, PASSWORD_ENTRY))) {
      if (existsSync(passwordFile)) await fs.rename(passwordFile, `${passwordFile}.before-restore-${Date.now()}`);
      await fs.copyFile(path.join(staging, PASSWORD_ENTRY), passwordFile);
      await fs.chmod(passwordFile, 0o600);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  await fs.chmod(clusterDir, 0o700);
  // As root, PostgreSQL runs as the `postgres` user, which must own its cluster.
  if (process.getuid?.() === 0) {
    try {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      execFileSync("chown", ["-R", `${uid}:${uid}`, clusterDir]);
      await fs.chown(parent, uid, uid);
    } catch {
      // no postgres user yet: start-up creates it and reports ownership problems in one line
    }
  }
  return { keptAt };
};

const major = (versionText: string) => Number(/(\d+)(?:\.\d+)?/.exec(versionText)?.[1] ?? NaN);

const clientTool = (name: "pg_dump" | "pg_restore") =>
  process.env.PG_BIN ? path.join(process.env.PG_BIN, name) : name;

/** The tool's and the server's major versions; throws one readable line when they differ. */
export const assertToolMatchesServer = async (tool: "pg_dump" | "pg_restore", databaseUrl: string) => {
  const version = spawnSync(clientTool(tool), ["--version"], { encoding: "utf8" });
  if (version.status !== 0)
    throw new StartupError(
      `${tool} was not found. Install the PostgreSQL client tools, or set PG_BIN to their folder.`,
    );
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  await client.end();
  const serverMajor = Math.floor(Number(rows[0]!.v) / 10_000);
  const toolMajor = major(version.stdout);
  if (toolMajor !== serverMajor)
    throw new StartupError(
      `${tool} is PostgreSQL ${toolMajor} but the server is ${serverMajor}: install the ${serverMajor} client tools (e.g. postgresql-client-${serverMajor} from apt.postgresql.org) and set PG_BIN to their folder.`,
    );
};

export const backupServer = async ({ databaseUrl, file }: { databaseUrl: string; file: string }) => {
  await assertToolMatchesServer("pg_dump", databaseUrl);
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const result = spawnSync(clientTool("pg_dump"), ["--format=custom", `--file=${path.resolve(file)}`, databaseUrl], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new StartupError("pg_dump failed (see above).");
  return { file: path.resolve(file), kind: "pg_dump" as const, detail: "custom format" };
};

export const restoreServer = async ({ databaseUrl, file }: { databaseUrl: string; file: string }) => {
  await assertToolMatchesServer("pg_restore", databaseUrl);
  const result = spawnSync(
    clientTool("pg_restore"),
    ["--clean", "--if-exists", "--no-owner", "--single-transaction", `--dbname=${databaseUrl}`, path.resolve(file)],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  if (result.status !== 0) throw new StartupError("pg_restore failed (see above); nothing was changed.");
};

/** A backup file's first bytes tell its kind: pg_dump's custom format starts with "PGDMP", ours is gzip. */
export const isDumpFile = (file: string) => readFileSync(file).subarray(0, 5).toString("latin1") === "PGDMP";
