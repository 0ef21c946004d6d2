// `pnpm lint:openapi`: the document against Redocly's recommended rules, offline. @redocly/cli is pinned to
// 2.77 (the last line that runs on Node 20).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openApiDocument } from "./document.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-openapi-"));
const file = path.join(dir, "openapi.json");
writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2));
const redocly = path.join(import.meta.dirname, "..", "node_modules", ".bin", "redocly");
const result = spawnSync(redocly, ["lint", "--extends", "recommended", "--max-problems", "500", file], {
  stdio: "inherit",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
