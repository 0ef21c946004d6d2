import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context.ts";
import { AppError } from "./app-error.ts";

export const MAX_QUERY_BYTES = 4 * 1024;
/** Below Node's own 16 KiB limit, so an oversize request gets a problem body, not Node's bare 431. */
export const MAX_HEADER_BYTES = 12 * 1024;

const hasNul = (value: unknown): boolean => {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => hasNul(k) || hasNul(v));
  return false;
};

const refuseNul = (where: string) => {
  throw new AppError("INVALID_CHARACTER", `The ${where} contains the character U+0000, which is never accepted.`, {
    errors: [{ path: `(${where})`, message: "contains U+0000" }],
  });
};

/**
 * Cheap refusals before any route runs: oversize query strings and headers, and U+0000 anywhere in the
 * path, query or JSON body (PostgreSQL cannot store it in text, so it would otherwise surface as a 500).
 */
export const requestGuards: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  const queryStart = url.indexOf("?");
  if (queryStart >= 0 && url.length - queryStart - 1 > MAX_QUERY_BYTES) {
    throw new AppError("URI_TOO_LONG", `Query strings are limited to ${MAX_QUERY_BYTES / 1024} KiB.`);
  }
  let headerBytes = 0;
  c.req.raw.headers.forEach((value, name) => (headerBytes += name.length + value.length + 4));
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new AppError("HEADERS_TOO_LARGE", `Request headers are limited to ${MAX_HEADER_BYTES / 1024} KiB.`);
  }
  if (/%00/i.test(url) || url.includes("\u0000"))
    refuseNul(queryStart >= 0 && /%00/i.test(url.slice(queryStart)) ? "query" : "path");
  const method = c.req.method;
  // File uploads (reports, attachments) are binary: NUL bytes are normal there, and their type is checked from
  // the bytes by the route's use case.
  const binary = /^(application\/pdf|application\/octet-stream|image\/)/i.test(c.req.header("content-type") ?? "");
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS" && !binary) {
    const text = await c.req.text();
    // Only a body that may carry U+0000 is parsed here; the route's validator parses it again from Hono's cache.
    if (text.includes("\u0000")) refuseNul("body");
    if (/\\u0000/i.test(text)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (hasNul(parsed)) refuseNul("body");
    }
  }
  await next();
};
