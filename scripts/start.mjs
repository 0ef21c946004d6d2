// `npm start`: installs the dependencies only when the lockfile or a package.json changed since the last
// install, builds only what changed (scripts/build.mjs), then runs the compiled start command. Skipping the
// two pnpm round trips (install, run) when nothing changed is what keeps a warm start quick.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (...parts) => path.join(root, ...parts);
const PNPM = ["-y", "pnpm@10.34.9"];

const installed = at("node_modules", ".pnpm", "lock.yaml");
const installIsCurrent = () => {
  if (!existsSync(installed)) return false;
  if (readFileSync(installed, "utf8") !== readFileSync(at("pnpm-lock.yaml"), "utf8")) return false;
  const since = statSync(installed).mtimeMs;
  return ["package.json", "pnpm-workspace.yaml", ...["api", "web", "seeds", "tests"].map((p) => `${p}/package.json`)]
    .filter((file) => existsSync(at(file)))
    .every((file) => statSync(at(file)).mtimeMs <= since);
};

if (!installIsCurrent()) {
  const result = spawnSync("npx", [...PNPM, "install"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import("./build.mjs");

const child = spawn(process.execPath, ["--enable-source-maps", at("api", "dist", "start.js")], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
