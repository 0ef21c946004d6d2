import { createHash, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Db } from "../../lib/db.ts";
import type { Actor, PendingSession } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import type { ApiTokenScope } from "../../enums.ts";
import { hashPassword, verifyPassword } from "../../lib/password.ts";
import * as repo from "./auth.repository.ts";

export const SESSION_COOKIE = "zs_session";
/** Absolute lifetime: a session ends after this however busy it is. */
export const SESSION_DAYS = 14;
/** Idle lifetime: a session nobody used for this long ends. */
export const SESSION_IDLE_HOURS = 12;
const TOUCH_EVERY_MS = 60_000;

type Limit = { attempts: number; windowSeconds: number };
/**
 * Guessing is bounded per (account, address) and per address; there is deliberately no per-account
 * limit on its own, which would let anyone lock an owner out by failing on purpose from elsewhere.
 */
export const RATE_LIMITS = {
  signInAccountAddress: { attempts: 10, windowSeconds: 15 * 60 },
  signInAddress: { attempts: 50, windowSeconds: 15 * 60 },
  signUpAddress: { attempts: 5, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;
const LONGEST_WINDOW_SECONDS = Math.max(...Object.values(RATE_LIMITS).map((l) => l.windowSeconds));

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const newSecret = () => randomBytes(32).toString("base64url");
export const newFeedToken = () => randomBytes(18).toString("hex");
const normalizeEmail = (email: string) => email.trim().toLowerCase();

type ActorUser = {
  id: string;
  email: string;
  name: string;
  memberships: { role: string; organizationId: string; organization: { id: string; nameZh: string; nameEn: string } }[];
  managedFacilities: { facilityId: string }[];
};

const toActor = (user: ActorUser, via: Actor["via"], tokenScope?: Actor["tokenScope"]): Actor => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  isAdmin: user.memberships.some((m) => m.role === "ADMIN"),
  organizationIds: user.memberships.map((m) => m.organizationId),
  organizations: user.memberships.map(({ organization: o }) => ({ id: o.id, nameZh: o.nameZh, nameEn: o.nameEn })),
  administeredOrganizationIds: user.memberships.filter((m) => m.role === "ORG_ADMIN").map((m) => m.organizationId),
  managedFacilityIds: user.managedFacilities.map((m) => m.facilityId),
  via,
  ...(tokenScope ? { tokenScope } : {}),
});

export const loadActor = async (
  db: Db,
  userId: string,
  via: Actor["via"],
  tokenScope?: Actor["tokenScope"],
): Promise<Actor | null> => {
  const user = await repo.findUserForActor(db, userId);
  return user ? toActor(user, via, tokenScope) : null;
};

const idleSince = () => new Date(Date.now() - SESSION_IDLE_HOURS * 3_600_000);

/**
 * Actors of sessions this process resolved lately, by session id. A hint, never a grant: a request that uses one
 * (a PendingSession) is answered only after a statement of its own found the session live with the same actor
 * (confirmSession), so a session signed out, a user disabled or a membership removed on any replica counts from
 * that statement on, as with a lookup. Bounded in size and age only to keep the memory small.
 */
const recentSessions = new LRUCache<string, Actor>({ max: 10_000, ttl: 10 * 60_000 });
/** Two actors are the same when every field is (names of organizations included): small objects, built in one order. */
const fingerprintOf = (actor: Actor) => JSON.stringify(actor);

const sessionActorOf = async (db: Db, found: repo.SessionActor | null, id: string) => {
  if (!found) {
    recentSessions.delete(id);
    return null;
  }
  const staleBefore = new Date(Date.now() - TOUCH_EVERY_MS);
  if (found.lastSeenAt < staleBefore) await repo.touchSession(db, id, staleBefore);
  const actor = toActor(found.user, "session");
  recentSessions.set(id, actor);
  return actor;
};

const endSession = (db: Db, id: string) => {
  recentSessions.delete(id);
  return repo.deleteSession(db, id);
};

/** Session and actor in one statement; the idle clock is written only when due (at most once a minute). */
const lookUpSession = async (db: Db, id: string) =>
  sessionActorOf(db, await repo.findSessionActor(db, id, idleSince()), id);

const sameActor = (a: Actor, b: Actor) => fingerprintOf(a) === fingerprintOf(b);

export const actorFromSession = (db: Db, cookieValue: string) => lookUpSession(db, sha256(cookieValue));

/** The cookie's session as this process last resolved it, to be confirmed by the use case; undefined if unknown. */
export const pendingSessionOf = (cookieValue: string): PendingSession | undefined => {
  const id = sha256(cookieValue);
  const actor = recentSessions.get(id);
  return actor && { id, actor, confirmed: false };
};

/** What a use case's first statement passes to verify a pending session (repo `sessionActorJson`). */
export const sessionToConfirm = (pending: PendingSession | undefined) =>
  pending && { id: pending.id, idleSince: idleSince() };

/** Raised when a pending session turned out gone (actor null) or its actor changed: the request starts over. */
export class SessionChanged extends Error {
  constructor(readonly actor: Actor | null) {
    super("session changed");
  }
}

/**
 * Confirms a pending session with what a statement of the request read (`found`, from sessionActorJson), before
 * the use case acts on it; throws SessionChanged otherwise. Without `found`, looks the session up.
 */
export const confirmSession = async (db: Db, pending: PendingSession | undefined, found?: repo.SessionActor | null) => {
  if (!pending || pending.confirmed) return;
  const actor = found !== undefined ? await sessionActorOf(db, found, pending.id) : await lookUpSession(db, pending.id);
  if (!actor || !sameActor(actor, pending.actor)) throw new SessionChanged(actor);
  pending.confirmed = true;
};

/**
 * Runs a use case with a pending session's actor, and again with the looked-up actor when the session changed
 * (or an error came before it was confirmed: the refusal may have been the old actor's). Nothing was written
 * before the confirmation, so starting over is safe.
 */
export const withPendingSession = async <T>(
  db: Db,
  pending: PendingSession | undefined,
  actor: Actor | null,
  run: (actor: Actor | null, pending: PendingSession | undefined) => Promise<T>,
): Promise<T> => {
  if (!pending) return run(actor, undefined);
  try {
    return await run(pending.actor, pending);
  } catch (error) {
    if (pending.confirmed) throw error;
    let fresh: Actor | null;
    if (error instanceof SessionChanged) fresh = error.actor;
    else {
      fresh = await lookUpSession(db, pending.id);
      if (fresh && sameActor(fresh, pending.actor)) throw error;
    }
    return run(fresh, undefined);
  }
};

export const actorFromToken = async (db: Db, token: string) => {
  const row = await repo.findLiveToken(db, sha256(token));
  if (!row) return null;
  await repo.touchToken(db, row.id);
  return loadActor(db, row.userId, "token", row.scope);
};

/**
 * Counts one attempt against `key` (fixed window in PostgreSQL, so every API replica sees the same count)
 * and throws RATE_LIMITED past the limit. Exported for every endpoint that creates accounts or sessions.
 */
export const consumeRateLimit = async (db: Db, key: string, { attempts, windowSeconds }: Limit) => {
  const row = await repo.incrementRateLimit(db, key, windowSeconds);
  if (row.count > attempts) {
    const retryAfter = Math.max(1, Math.ceil((row.window_start.getTime() + windowSeconds * 1000 - Date.now()) / 1000));
    throw new AppError("RATE_LIMITED", `Too many attempts. Try again in ${retryAfter} seconds.`, {
      retryAfterSeconds: retryAfter,
    });
  }
};

/** Sign-up (and anything else that creates an account) is limited per client address. */
export const limitAccountCreation = (db: Db, clientKey: string) =>
  consumeRateLimit(db, `sign-up:client:${clientKey}`, RATE_LIMITS.signUpAddress);

// An unknown e-mail is checked against this hash, so it costs the same scrypt time as a known one and
// the answer's timing does not tell which addresses have accounts.
let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => (dummyHash ??= hashPassword(newSecret()));

export type SignInOptions = {
  db: Db;
  email: string;
  password: string;
  clientKey: string;
  /** The session the browser held before, ended so that a planted cookie cannot ride the sign-in. */
  previousSecret?: string | undefined;
};

/**
 * Every attempt is counted before the password is checked (so parallel guessing cannot slip past the
 * limit); a successful sign-in takes its attempts back, so only failures use up the allowance.
 */
export const signIn = async ({ db, email, password, clientKey, previousSecret }: SignInOptions) => {
  const normalized = normalizeEmail(email);
  const accountKey = `sign-in:account-client:${sha256(`${normalized}\n${clientKey}`)}`;
  const clientKeyName = `sign-in:client:${clientKey}`;
  await consumeRateLimit(db, accountKey, RATE_LIMITS.signInAccountAddress);
  await consumeRateLimit(db, clientKeyName, RATE_LIMITS.signInAddress);
  const user = await repo.findUserByEmail(db, normalized);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash()));
  if (!user || !valid || user.disabledAt) {
    throw new AppError("INVALID_CREDENTIALS", "The e-mail or the password is wrong.");
  }
  await repo.refundRateLimit(db, [accountKey, clientKeyName]);
  if (previousSecret) await endSession(db, sha256(previousSecret));
  return createSession(db, user.id);
};

/** The id a session is stored under (sha256 of its cookie), e.g. to keep this one when signing out others. */
export const sessionIdOf = (cookie: string | undefined) => (cookie ? sha256(cookie) : undefined);

export const createSession = async (db: Db, userId: string) => {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await repo.insertSession(db, { id: sha256(secret), userId, expiresAt });
  return { secret, expiresAt, actor: (await loadActor(db, userId, "session"))! };
};

/** Ends the session of this cookie, if there is one. */
export const signOut = async ({ db, cookie }: { db: Db; cookie: string | undefined }) => {
  if (cookie) await endSession(db, sha256(cookie));
};

/** Ends every session of the user, this one included. API tokens are managed separately. */
export const signOutEverywhere = async ({ db, actor }: { db: Db; actor: Actor }) => {
  const { count } = await repo.deleteSessionsOfUser(db, actor.userId);
  await repo.insertAuditEvent(db, {
    actorId: actor.userId,
    action: "user.signed_out_everywhere",
    subjectType: "user",
    subjectId: actor.userId,
    detail: { sessions: count },
  });
  return { ended: count };
};

/** The periodic clean-up: expired and idle sessions, expired tokens, rate-limit windows long closed. */
export const purgeExpiredAuth = (db: Db) =>
  repo.purgeExpired(db, {
    idleSince: idleSince(),
    windowsBefore: new Date(Date.now() - 2 * LONGEST_WINDOW_SECONDS * 1000),
  });

export const TOKEN_MAX_DAYS = 365;

export type CreateApiTokenOptions = {
  db: Db;
  actor: Actor;
  name: string;
  scope: ApiTokenScope;
  expiresInDays: number;
};

/** Tokens come from a signed-in person only: a leaked token must not be able to mint more of itself. */
export const createApiToken = async ({ db, actor, name, scope, expiresInDays }: CreateApiTokenOptions) => {
  if (actor.via !== "session") throw new AppError("FORBIDDEN", "API tokens cannot create API tokens. Sign in.");
  const token = `zs_${newSecret()}`;
  const expiresAt = new Date(Date.now() + expiresInDays * 86_400_000);
  const row = await repo.insertToken(db, { userId: actor.userId, name, tokenHash: sha256(token), scope, expiresAt });
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    token,
  };
};

export const listApiTokens = async ({ db, actor }: { db: Db; actor: Actor }) => ({
  items: (await repo.listTokensOfUser(db, actor.userId)).map((t) => ({
    ...t,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  })),
});

export const revokeApiToken = async ({ db, actor, id }: { db: Db; actor: Actor; id: string }) => {
  if (actor.via !== "session") throw new AppError("FORBIDDEN", "API tokens cannot manage API tokens. Sign in.");
  const { count } = await repo.deleteToken(db, actor.userId, id);
  if (count === 0) throw new AppError("NOT_FOUND", "No such token.");
};

/** A new secret for the user's own feed URL; the old URL answers 404 from now on. */
export const rotateMyFeed = async ({ db, actor }: { db: Db; actor: Actor }) => {
  const { feedToken } = await repo.setUserFeedToken(db, actor.userId, newFeedToken());
  await repo.insertAuditEvent(db, {
    actorId: actor.userId,
    action: "feed.rotated",
    subjectType: "user",
    subjectId: actor.userId,
  });
  return feedToken;
};

export const rotateResourceFeed = async ({ db, actor, resourceId }: { db: Db; actor: Actor; resourceId: string }) => {
  const { feedToken } = await repo.setResourceFeedToken(db, resourceId, newFeedToken());
  await repo.insertAuditEvent(db, {
    actorId: actor.userId,
    action: "feed.rotated",
    subjectType: "resource",
    subjectId: resourceId,
  });
  return feedToken;
};
