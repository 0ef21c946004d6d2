import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { hashPassword, verifyPassword } from "../../lib/password.ts";
import { isValidUscc } from "../../domain/uscc.ts";

export const SESSION_COOKIE = "zs_session";
export const SESSION_DAYS = 14;
const SIGN_IN_LIMIT = { attempts: 10, windowSeconds: 15 * 60 };

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const newSecret = () => randomBytes(32).toString("base64url");

export const loadActor = async (db: Db, userId: string, via: Actor["via"]): Promise<Actor | null> => {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: {
      memberships: { include: { organization: true }, orderBy: { createdAt: "asc" } },
      managedFacilities: true,
    },
  });
  if (!user) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.memberships.some((m) => m.role === "ADMIN"),
    organizationIds: user.memberships.map((m) => m.organizationId),
    organizations: user.memberships.map(({ organization: o }) => ({ id: o.id, nameZh: o.nameZh, nameEn: o.nameEn })),
    managedFacilityIds: user.managedFacilities.map((m) => m.facilityId),
    via,
  };
};

export const actorFromSession = async (db: Db, cookieValue: string) => {
  const session = await db.session.findUnique({ where: { id: sha256(cookieValue) } });
  if (!session || session.expiresAt <= new Date()) return null;
  return loadActor(db, session.userId, "session");
};

export const actorFromToken = async (db: Db, token: string) => {
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || (row.expiresAt && row.expiresAt <= new Date())) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return loadActor(db, row.userId, "token");
};

/**
 * Fixed-window counter in PostgreSQL, so every API replica sees the same count.
 * Returns the attempts left, or throws RATE_LIMITED.
 */
export const consumeRateLimit = async (db: Db, key: string, { attempts, windowSeconds } = SIGN_IN_LIMIT) => {
  const rows = await db.$queryRaw<{ count: number; window_start: Date }[]>`
    INSERT INTO rate_limit (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit.window_start < now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE rate_limit.count + 1 END,
      window_start = CASE WHEN rate_limit.window_start < now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE rate_limit.window_start END
    RETURNING count, window_start`;
  const row = rows[0]!;
  if (row.count > attempts) {
    const retryAfter = Math.max(1, Math.ceil((row.window_start.getTime() + windowSeconds * 1000 - Date.now()) / 1000));
    throw new AppError("RATE_LIMITED", `Too many sign-in attempts. Try again in ${retryAfter} seconds.`, {
      retryAfterSeconds: retryAfter,
    });
  }
};

export type SignInOptions = { db: Db; email: string; password: string; clientKey: string };

/**
 * Every attempt is counted before the password is checked (so parallel guessing cannot slip past the
 * limit); a successful sign-in takes its attempt back, so only failures use up the allowance.
 */
export const signIn = async ({ db, email, password, clientKey }: SignInOptions) => {
  const normalized = email.trim().toLowerCase();
  const keys = [`sign-in:email:${normalized}`, `sign-in:client:${clientKey}`];
  await consumeRateLimit(db, keys[0]!);
  await consumeRateLimit(db, keys[1]!, { attempts: 100, windowSeconds: 15 * 60 });
  const user = await db.user.findUnique({ where: { email: normalized } });
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    throw new AppError("INVALID_CREDENTIALS", "The e-mail or the password is wrong.");
  }
  await db.rateLimit.updateMany({ where: { key: { in: keys }, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
  return createSession(db, user.id);
};

export const createSession = async (db: Db, userId: string) => {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.session.create({ data: { id: sha256(secret), userId, expiresAt } });
  return { secret, expiresAt, actor: (await loadActor(db, userId, "session"))! };
};

export const signOut = async (db: Db, cookieValue: string) => {
  await db.session.deleteMany({ where: { id: sha256(cookieValue) } });
};

export type SignUpOptions = {
  db: Db;
  email: string;
  password: string;
  name: string;
  organization: { nameZh: string; nameEn?: string | undefined; uscc: string };
};

/** A new SME account: the organization is created with the user as its first MEMBER. */
export const signUp = async ({ db, email, password, name, organization }: SignUpOptions) => {
  const normalized = email.trim().toLowerCase();
  const uscc = organization.uscc.trim().toUpperCase();
  if (!isValidUscc(uscc)) {
    throw new AppError(
      "VALIDATION_FAILED",
      "The unified social credit code is not valid (its check character does not match).",
      {
        errors: [{ path: "organization.uscc", message: "invalid check character" }],
      },
    );
  }
  if (await db.user.findUnique({ where: { email: normalized } })) {
    throw new AppError("ALREADY_EXISTS", "An account with this e-mail exists already. Sign in instead.");
  }
  if (await db.organization.findUnique({ where: { uscc } })) {
    throw new AppError(
      "ALREADY_EXISTS",
      "This organization is registered already. Ask one of its members or an admin to add you.",
    );
  }
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const org = await tx.organization.create({
      data: {
        kind: "SME",
        nameZh: organization.nameZh,
        nameEn: organization.nameEn ?? organization.nameZh,
        uscc,
        verification: "UNVERIFIED",
      },
    });
    return tx.user.create({
      data: {
        email: normalized,
        name,
        passwordHash,
        memberships: { create: { organizationId: org.id, role: "MEMBER" } },
      },
    });
  });
  return createSession(db, user.id);
};

export const createApiToken = async (db: Db, actor: Actor, name: string) => {
  const token = `zs_${newSecret()}`;
  const row = await db.apiToken.create({ data: { userId: actor.userId, name, tokenHash: sha256(token) } });
  return { id: row.id, name: row.name, createdAt: row.createdAt, token };
};

export const listApiTokens = (db: Db, actor: Actor) =>
  db.apiToken.findMany({
    where: { userId: actor.userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true },
    orderBy: { createdAt: "desc" },
  });

export const revokeApiToken = async (db: Db, actor: Actor, id: string) => {
  const { count } = await db.apiToken.deleteMany({ where: { id, userId: actor.userId } });
  if (count === 0) throw new AppError("NOT_FOUND", "No such token.");
};
