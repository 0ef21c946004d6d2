// Builds what `npm start` runs, skipping each step whose inputs have not changed since its last build:
// the Prisma client, the API bundle (api/dist, plain JavaScript: no TypeScript loader at run time) and the
// portal (web/build). A stamp file beside each output holds the sha256 of the inputs it was built from.
import { createHash } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (...parts) => path.join(root, ...parts);
const SKIP = new Set([
  "node_modules",
  "generated",
  "paraglide",
  "cache",
  "build",
  "dist",
  ".svelte-kit",
  ".data",
  "test-artifacts",
]);

const listFiles = (entry) => {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry, { withFileTypes: true })
    .filter((e) => !SKIP.has(e.name) && !e.name.endsWith(".test.ts"))
    .flatMap((e) => listFiles(path.join(entry, e.name)));
};

/** The inputs' files as git sees them (tracked or new, never ignored build output); a plain walk without git. */
const filesOf = (inputs) => {
  const git = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "--", ...inputs], {
    cwd: root,
    encoding: "utf8",
  });
  if (git.status === 0)
    return git.stdout
      .split("\n")
      .filter((f) => f && !f.endsWith(".test.ts") && existsSync(at(f)))
      .map((f) => at(f));
  return inputs.flatMap((input) => listFiles(at(input)));
};

const hashOf = (inputs) => {
  const hash = createHash("sha256");
  for (const file of filesOf(inputs).sort()) {
    hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
};

const exec = (command, args, { cwd = root, env = process.env } = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: "inherit" });
    child.on("error", (error) => resolve({ status: null, error }));
    child.on("exit", (status) => resolve({ status }));
  });

/** A failed step; `status` is the exit code to leave with. */
export class BuildError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** pnpm itself when it is on PATH, else through npx (npm start needs nothing installed globally). */
const pnpm = async (args) => {
  let result = await exec("pnpm", args);
  if (result.error?.code === "ENOENT") result = await exec("npx", ["-y", "pnpm@10.34.9", ...args]);
  if (result.status !== 0) throw new BuildError(`pnpm ${args.join(" ")} failed`, result.status ?? 1);
};

/**
 * A package's command line run with this Node directly, when installed: each pnpm in the chain
 * (`pnpm generate` is pnpm → pnpm → tsx → pnpm → prisma) costs a second of CPU on a busy machine.
 * Without it, the pnpm script.
 */
const node = async (bin, args, { cwd, env, fallback }) => {
  if (!existsSync(bin)) return pnpm(fallback);
  const result = await exec(process.execPath, [bin, ...args], { cwd, env });
  if (result.status !== 0)
    throw new BuildError(`${path.relative(root, bin)} ${args.join(" ")} failed`, result.status ?? 1);
};

const step = async (name, { inputs, stamp, build }) => {
  const digest = hashOf(inputs);
  const stampFile = at(stamp);
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === digest) {
    console.log(`[zhongshi] ${name}: up to date`);
    return;
  }
  const started = Date.now();
  console.log(`[zhongshi] ${name}: building…`);
  await build();
  writeFileSync(stampFile, digest);
  console.log(`[zhongshi] ${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
};

const buildApi = async () => {
  const { build } = await import("esbuild");
  const apiPackage = JSON.parse(readFileSync(at("api", "package.json"), "utf8"));
  // Dependencies stay in node_modules (native parts, wasm, worker threads); our own code and the seed data
  // are bundled, which also turns the generated Prisma client's .ts imports into JavaScript.
  const external = Object.keys(apiPackage.dependencies).flatMap((name) => [name, `${name}/*`]);
  await build({
    // start.js comes from seeds/cli/start.ts: start-up with the seeds injected (seeds → api, never the reverse).
    entryPoints: {
      start: at("seeds", "cli", "start.ts"),
      ...Object.fromEntries(
        ["serve", "migrate", "backup", "restore"].map((name) => [name, at("api", "src", "cli", `${name}.ts`)]),
      ),
    },
    outdir: at("api", "dist"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external,
    sourcemap: true,
    logLevel: "warning",
    // Bundled CommonJS (if any) may still call require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
};

// The portal build needs neither the Prisma client nor the API bundle (it imports API types only), so it
// runs alongside them: on a cold start that hides the client generation behind the portal build, and
// `npm start` (scripts/start.mjs) starts the database, migrates and seeds while the portal still builds.
export const buildApiIfChanged = async () => {
  await step("Prisma client", {
    inputs: ["prisma/schema.prisma", "prisma.config.ts", "api/prisma.config.ts", "api/package.json"],
    stamp: "api/src/generated/prisma/.build-stamp",
    // As api/src/cli/generate.ts (`pnpm generate`) runs it: offline, any file stands in for the schema engine.
    build: () =>
      node(at("api", "node_modules", "prisma", "build", "index.js"), ["generate"], {
        cwd: at("api"),
        env: {
          ...process.env,
          PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
        },
        fallback: ["generate"],
      }),
  });
  await step("API bundle", {
    inputs: ["api/src", "seeds", "prisma/schema.prisma", "api/package.json", "pnpm-lock.yaml", "scripts/build.mjs"],
    stamp: "api/dist/.build-stamp",
    build: buildApi,
  });
};
export const buildPortalIfChanged = () =>
  step("portal", {
    inputs: [
      "web/src",
      "web/messages",
      "web/static",
      "web/project.inlang",
      "web/svelte.config.js",
      "web/vite.config.ts",
      "web/package.json",
      "api/src",
      "pnpm-lock.yaml",
    ],
    stamp: "web/build/.build-stamp",
    build: () =>
      node(at("web", "node_modules", "vite", "bin", "vite.js"), ["build"], {
        cwd: at("web"),
        fallback: ["--filter", "@zhongshi/web", "build"],
      }),
  });
// `node scripts/build.mjs [--api-only]` (pnpm build, pnpm serve, …); start.mjs imports the steps instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    await Promise.all([buildApiIfChanged(), process.argv.includes("--api-only") ? undefined : buildPortalIfChanged()]);
  } catch (error) {
    console.error(`[zhongshi] ${error.message}`);
    process.exit(error instanceof BuildError ? error.status : 1);
  }
}
