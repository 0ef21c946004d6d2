import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Actor, AppEnv } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { actorFromSession, actorFromToken, pendingSessionOf, SESSION_COOKIE } from "./auth.service.ts";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the actor. Cookie-authenticated unsafe requests must come from an allowed origin (CSRF):
 * browsers always send Origin on such requests; token-authenticated integrations carry no ambient
 * credential and are exempt.
 *
 * `confirmedByUseCase`: routes ("METHOD /path") whose use case verifies the session in its own first statement
 * (confirmSession, withPendingSession): a session this process resolved lately is not looked up again, its actor
 * is set as `pendingSession`. One round trip less on the booking hot path.
 *
 * `withoutActor`: GET routes ("GET /path/{param}") whose answer is the same for everyone: no credential is
 * looked up for them, the actor is null.
 */
/** "GET /resources/{code}" → its method and a pattern for the paths it answers (a `{param}` is one segment). */
export const routeMatcher = (route: string) => {
  const [method, path] = route.split(" ") as [string, string];
  return { method, pattern: new RegExp(`^${path.replace(/\{[^/}]+\}/g, "[^/]+")}$`) };
};

export const resolveActor = ({
  confirmedByUseCase = [],
  withoutActor = [],
}: { confirmedByUseCase?: string[]; withoutActor?: string[] } = {}): MiddlewareHandler<AppEnv> => {
  const deferred = new Set(confirmedByUseCase);
  const anonymous = withoutActor.map(routeMatcher);
  return async (c, next) => {
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    if (anonymous.some((route) => route.method === method && route.pattern.test(c.req.path))) {
      c.set("actor", null);
      return next();
    }
    await resolve(c, deferred);
    await next();
  };
};

const resolve = async (c: Context<AppEnv>, deferred: Set<string>) => {
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
    const pending = cookie && deferred.has(`${c.req.method} ${c.req.path}`) ? pendingSessionOf(cookie) : undefined;
    if (pending) c.set("pendingSession", pending);
    else if (cookie) actor = await actorFromSession(db, cookie);
    if (cookie && UNSAFE.has(c.req.method)) {
      const origin = c.req.header("origin");
      if (!origin || !c.var.config.allowedOrigins.includes(origin)) {
        throw new AppError("CSRF_REJECTED", "Cookie-authenticated changes must come from the portal's origin.");
      }
    }
  }
  c.set("actor", actor);
};

export const requireActor = (actor: Actor | null): Actor => {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return actor;
};
