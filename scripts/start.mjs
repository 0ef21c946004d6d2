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
const { buildApiIfChanged, buildPortalIfChanged, BuildError } = await import("./build.mjs");

// The portal build is the long part of a cold start. It runs beside everything else: the API is built, then
// started (database, migrations, seed, API) while the portal still builds; start.js asks for the portal and
// waits for the answer below before it serves it and prints the URLs. When nothing changed, both are instant.
let child;
let stopping = false;
const fail = (error) => {
  if (!stopping) console.error(`[zhongshi] ${error.message}`);
  child?.kill("SIGTERM");
  // The child stops its database and exits; this process follows it (see "exit" below).
  if (!child) process.exit(error instanceof BuildError ? error.status : 1);
  process.exitCode = error instanceof BuildError ? error.status : 1;
};
const portal = buildPortalIfChanged();
portal.catch(() => {}); // reported once, below
try {
  await buildApiIfChanged();
} catch (error) {
  await portal.catch(() => {});
  fail(error);
}

child = spawn(process.execPath, ["--enable-source-maps", at("api", "dist", "start.js")], {
  cwd: root,
  stdio: ["inherit", "inherit", "inherit", "ipc"],
  env: { ...process.env, ZHONGSHI_PORTAL_BUILD: "pending" },
});
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    stopping = true;
    child.kill(signal);
  });
child.on("exit", (code, signal) => process.exit(process.exitCode || (code ?? (signal ? 1 : 0))));
// start.js asks once its API is up; the answer comes when the portal is built (at once on a warm start).
child.on("message", (message) => {
  if (message?.portal === "wanted") void portal.then(() => child.connected && child.send({ portal: "built" }));
});
portal.catch((error) => fail(error));
