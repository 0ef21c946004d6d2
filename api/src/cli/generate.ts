// Runs `prisma generate` offline. The Prisma CLI looks for its schema engine before any command, though
// generate never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies the lookup.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const apiDir = fileURLToPath(new URL("../..", import.meta.url));
const result = spawnSync("pnpm", ["exec", "prisma", "generate"], { cwd: apiDir, env, stdio: "inherit" });
process.exit(result.status ?? 1);
