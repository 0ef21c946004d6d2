import path from "node:path";
import { z } from "zod";
import { repoRoot } from "./paths.ts";

const ZEnv = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  ZHONGSHI_DATA_DIR: z.string().default(path.join(repoRoot, ".data")),
  PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** Public origin of the portal, used for CSRF origin checks and feed URLs. */
  PUBLIC_ORIGIN: z.string().optional(),
  /** smtp(s)://user:pass@host:port; unset writes mail as .eml files to <data dir>/mail. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  HOLD_SWEEP_SECONDS: z.coerce.number().int().positive().default(60),
  /** Connections of this process's pool (each replica has its own). */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** "0" runs the API without background jobs. */
  ZHONGSHI_JOBS: z.enum(["0", "1"]).default("1"),
  /** Demo mode (demo accounts with a generated password): on by default with the embedded database only. */
  ZHONGSHI_DEMO: z.enum(["0", "1"]).optional(),
  /** Comma-separated addresses of proxies whose X-Forwarded-For names the client (default: loopback). */
  TRUSTED_PROXIES: z.string().optional(),
});
export type TEnv = z.infer<typeof ZEnv>;

/** Parses the environment once; a wrong value stops start-up with one line naming the variable. */
export const loadEnv = (source: NodeJS.ProcessEnv = process.env): TEnv => {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StartupError(
      `Environment variable ${issue.path.join(".")} is invalid (${issue.message}). Fix or unset it and start again.`,
    );
  }
  return parsed.data;
};

/** Demo mode is never on against a database of one's own unless ZHONGSHI_DEMO=1 asks for it. */
export const isDemoMode = (env: Pick<TEnv, "DATABASE_URL" | "ZHONGSHI_DEMO">) =>
  env.ZHONGSHI_DEMO === "1" || (!env.DATABASE_URL && env.ZHONGSHI_DEMO !== "0");

export const demoPasswordFile = (env: Pick<TEnv, "ZHONGSHI_DATA_DIR">) =>
  path.join(path.resolve(env.ZHONGSHI_DATA_DIR), "demo-password");

export const trustedProxies = (env: Pick<TEnv, "TRUSTED_PROXIES">) =>
  env.TRUSTED_PROXIES?.split(",")
    .map((a) => a.trim())
    .filter(Boolean);

/** A start-up failure with a message meant for the person at the terminal, printed without a stack. */
export class StartupError extends Error {
  override name = "StartupError";
}
