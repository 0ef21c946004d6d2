import { spawnSync } from "node:child_process";
import { mkdtempSync, chmodSync, mkdirSync, writeFileSync, chownSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../api/src/lib/paths.ts";
import { startEmbeddedDatabase } from "../../api/src/lib/embedded-db.ts";
import { freePort } from "../setup/free-port.ts";

const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const start = (env: Record<string, string>) =>
  spawnSync(tsx, [path.join(repoRoot, "seeds", "cli", "start.ts")], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });

/** One clear line saying what to do, never a stack trace. */
const expectOneClearLine = (result: ReturnType<typeof start>, pattern: RegExp) => {
  expect(result.status).toBe(1);
  const lines = result.stderr.split("\n").filter((l) => l.startsWith("[zhongshi]"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
};

describe("start-up refuses bad settings with one clear line", () => {
  it("names an invalid DATABASE_URL", () => {
    expectOneClearLine(start({ DATABASE_URL: "not a url" }), /DATABASE_URL is invalid/);
  });

  it("names an unreachable DATABASE_URL", async () => {
    expectOneClearLine(
      start({ DATABASE_URL: `postgresql://nobody:secret@127.0.0.1:${await freePort()}/none` }),
      /Cannot connect to DATABASE_URL .*unset DATABASE_URL/,
    );
  });

  it("names a port already taken", async () => {
    const server = net.createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const port = (server.address() as net.AddressInfo).port;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-port-"));
    try {
      await expect(startEmbeddedDatabase({ dataDir, port, persistent: false })).rejects.toThrow(
        `Port ${port} is already taken`,
      );
    } finally {
      server.close();
    }
  });

  it.runIf(process.getuid?.() === 0)("names a data folder owned by another user", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-owner-"));
    chmodSync(dataDir, 0o755);
    mkdirSync(path.join(dataDir, "pg"));
    writeFileSync(path.join(dataDir, "pg", "PG_VERSION"), "18\n");
    chownSync(path.join(dataDir, "pg"), 65534, 65534);
    await expect(startEmbeddedDatabase({ dataDir, port: await freePort(), persistent: false })).rejects.toThrow(
      /belongs to user id 65534.*chown/,
    );
  });

  it.runIf(process.getuid?.() === 0)("explains a data folder under a private parent (e.g. /root)", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "zhongshi-private-"));
    chmodSync(parent, 0o700);
    await expect(
      startEmbeddedDatabase({ dataDir: path.join(parent, ".data"), port: await freePort(), persistent: false }),
    ).rejects.toThrow(/cannot enter .*ZHONGSHI_DATA_DIR/);
  });
});
