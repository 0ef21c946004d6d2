import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { AppEnv } from "./context.ts";

export const DEFAULT_TRUSTED_PROXIES = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

/**
 * The address rate limits are counted against. X-Forwarded-For is believed only from a trusted proxy (the
 * portal on loopback, or the addresses in TRUSTED_PROXIES), and then only its right-most entry that is
 * not itself a trusted proxy: entries further left were written by the client and can be forged.
 */
export const clientAddress = (c: Context<AppEnv>) => {
  const trusted = new Set(c.var.config.trustedProxies ?? DEFAULT_TRUSTED_PROXIES);
  let remote = "unknown";
  try {
    remote = getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // app.request() in tests has no socket
  }
  if (!trusted.has(remote) && remote !== "unknown") return remote;
  const hops = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? remote;
};
