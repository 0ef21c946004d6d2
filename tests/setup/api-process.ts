import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const compiled = path.join(root, "api", "dist", "serve.js");

export type ApiProcess = {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote, for assertions and for the report when it fails. */
  output: () => string;
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/**
 * The API as a real process (`api/src/cli/serve.ts`, or the compiled bundle when ZHONGSHI_COMPILED=1),
 * in its own process group so that nothing it starts can outlive the test. Resolves once /api/health answers.
 */
export const spawnApi = async ({
  databaseUrl,
  port,
  env = {},
}: {
  databaseUrl: string;
  port: number;
  env?: Record<string, string>;
}): Promise<ApiProcess> => {
  const useCompiled = process.env.ZHONGSHI_COMPILED === "1" && existsSync(compiled);
  const [command, args] = useCompiled
    ? [process.execPath, [compiled]]
    : [path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "api", "src", "cli", "serve.ts")]];
  let output = "";
  const child = spawn(command, args, {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      VITEST: "",
      LOG_LEVEL: "info",
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_ORIGIN: "http://portal.test",
      ...env,
    },
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited during start-up:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`the API did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    output: () => output,
    exited,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      }
      return exited;
    },
  };
};
