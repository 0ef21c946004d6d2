import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Actor, AppEnv } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { actorFromSession, actorFromToken, SESSION_COOKIE } from "./auth.service.ts";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the actor. Cookie-authenticated unsafe requests must come from an allowed origin (CSRF):
 * browsers always send Origin on such requests; token-authenticated integrations carry no ambient
 * credential and are exempt.
 */
export const resolveActor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = c.var.db;
  const authorization = c.req.header("authorization");
  let actor: Actor | null = null;
  if (authorization?.startsWith("Bearer ")) {
    actor = await actorFromToken(db, authorization.slice(7).trim());
    if (!actor) throw new AppError("UNAUTHENTICATED", "The API token is unknown, revoked or expired.");
    if (actor.tokenScope === "READ_ONLY" && UNSAFE.has(c.req.method)) {
      throw new AppError("FORBIDDEN", "This API token is read-only.");
    }
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) actor = await actorFromSession(db, cookie);
    if (cookie && UNSAFE.has(c.req.method)) {
      const origin = c.req.header("origin");
      if (!origin || !c.var.config.allowedOrigins.includes(origin)) {
        throw new AppError("CSRF_REJECTED", "Cookie-authenticated changes must come from the portal's origin.");
      }
    }
  }
  c.set("actor", actor);
  await next();
};

export const requireActor = (actor: Actor | null): Actor => {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return actor;
};
