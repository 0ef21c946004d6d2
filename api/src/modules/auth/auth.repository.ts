// The only place the auth module talks to the database.
import { queryRawFast, type Db } from "../../lib/db.ts";
import { Prisma, type ApiTokenScope } from "../../generated/prisma/client.ts";

export const findUserForActor = (db: Db, userId: string) =>
  db.user.findFirst({
    where: { id: userId, disabledAt: null },
    include: {
      memberships: { include: { organization: true }, orderBy: { createdAt: "asc" } },
      managedFacilities: true,
    },
  });

export const findUserByEmail = (db: Db, email: string) => db.user.findUnique({ where: { email } });

export const findOrganizationByUscc = (db: Db, uscc: string) => db.organization.findUnique({ where: { uscc } });

/** Refreshes the idle clock, at most once per `staleBefore` to keep reads from writing on every request. */
export const touchSession = (db: Db, id: string, staleBefore: Date) =>
  db.session.updateMany({ where: { id, lastSeenAt: { lt: staleBefore } }, data: { lastSeenAt: new Date() } });

export const insertSession = (db: Db, data: { id: string; userId: string; expiresAt: Date }) =>
  db.session.create({ data });

export const deleteSession = (db: Db, id: string) => db.session.deleteMany({ where: { id } });

export const deleteSessionsOfUser = (db: Db, userId: string) => db.session.deleteMany({ where: { userId } });

export const findLiveToken = (db: Db, tokenHash: string) =>
  db.apiToken.findFirst({
    where: { tokenHash, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
  });

export const touchToken = (db: Db, id: string) =>
  db.apiToken.update({ where: { id }, data: { lastUsedAt: new Date() } });

export const insertToken = (
  db: Db,
  data: { userId: string; name: string; tokenHash: string; scope: ApiTokenScope; expiresAt: Date },
) => db.apiToken.create({ data });

export const listTokensOfUser = (db: Db, userId: string) =>
  db.apiToken.findMany({
    where: { userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, scope: true },
    orderBy: { createdAt: "desc" },
  });

export const deleteToken = (db: Db, userId: string, id: string) => db.apiToken.deleteMany({ where: { id, userId } });

/**
 * Fixed-window counter, shared by every API replica. Returns the count in the current window and when
 * the window started.
 */
export const incrementRateLimit = async (db: Db, key: string, windowSeconds: number) => {
  const rows = await db.$queryRaw<{ count: number; window_start: Date }[]>`
    INSERT INTO rate_limit (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit.window_start < now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE rate_limit.count + 1 END,
      window_start = CASE WHEN rate_limit.window_start < now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE rate_limit.window_start END
    RETURNING count, window_start`;
  return rows[0]!;
};

export const refundRateLimit = (db: Db, keys: string[]) =>
  db.rateLimit.updateMany({ where: { key: { in: keys }, count: { gt: 0 } }, data: { count: { decrement: 1 } } });

/** Removes what can no longer matter: expired or idle sessions and rate-limit windows long closed. */
export const purgeExpired = async (db: Db, { idleSince, windowsBefore }: { idleSince: Date; windowsBefore: Date }) => {
  const sessions = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: new Date() } }, { lastSeenAt: { lte: idleSince } }] },
  });
  const rateLimits = await db.rateLimit.deleteMany({ where: { windowStart: { lt: windowsBefore } } });
  const tokens = await db.apiToken.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  return { sessions: sessions.count, rateLimits: rateLimits.count, tokens: tokens.count };
};

export const findUserFeedToken = (db: Db, userId: string) =>
  db.user.findFirst({ where: { id: userId, disabledAt: null }, select: { feedToken: true } });

export const setUserFeedToken = (db: Db, userId: string, feedToken: string) =>
  db.user.update({ where: { id: userId }, data: { feedToken }, select: { feedToken: true } });

export const setResourceFeedToken = (db: Db, resourceId: string, feedToken: string) =>
  db.resource.update({ where: { id: resourceId }, data: { feedToken }, select: { feedToken: true } });

export const insertAuditEvent = (
  db: Pick<Db, "auditEvent">,
  event: { actorId: string | null; action: string; subjectType: string; subjectId: string; detail?: object },
) => db.auditEvent.create({ data: { ...event, detail: event.detail ?? {} } });

type SessionActorJson = {
  lastSeenAt: string;
  id: string;
  email: string;
  name: string;
  memberships: { role: string; organizationId: string; nameZh: string; nameEn: string }[];
  managed: string[];
};

/**
 * A live session and the actor behind it as ONE scalar JSON value, NULL when the session is unknown, expired or
 * idle, or its user disabled: the session row's idle clock, and the user with its memberships (oldest first, with
 * the organization's names) and the facilities it manages. A subquery, so that a statement that runs anyway (the
 * booking context, bookings.repository.ts) can verify the session in the same round trip.
 */
export const sessionActorJson = (id: string | null, idleSince: Date, now: Date) => Prisma.sql`(
    SELECT json_build_object('lastSeenAt', s.last_seen_at, 'id', u.id, 'email', u.email, 'name', u.name,
      'memberships', coalesce((SELECT json_agg(json_build_object('role', m.role, 'organizationId', m.organization_id,
          'nameZh', o.name_zh, 'nameEn', o.name_en) ORDER BY m.created_at)
        FROM membership m JOIN organization o ON o.id = m.organization_id WHERE m.user_id = u.id), '[]'),
      'managed', coalesce((SELECT json_agg(fm.facility_id) FROM facility_manager fm WHERE fm.user_id = u.id), '[]'))
    FROM session s JOIN app_user u ON u.id = s.user_id AND u.disabled_at IS NULL
    WHERE s.id = ${id}::text AND s.expires_at > ${now} AND s.last_seen_at > ${idleSince})`;

export type SessionActor = ReturnType<typeof toSessionActor>;

/** What sessionActorJson read, in the shape the auth service builds its Actor from. */
export const toSessionActor = (row: SessionActorJson) => ({
  lastSeenAt: new Date(row.lastSeenAt),
  user: {
    id: row.id,
    email: row.email,
    name: row.name,
    memberships: row.memberships.map((m) => ({
      role: m.role,
      organizationId: m.organizationId,
      organization: { id: m.organizationId, nameZh: m.nameZh, nameEn: m.nameEn },
    })),
    managedFacilities: row.managed.map((facilityId) => ({ facilityId })),
  },
});

/** The live session `id` and its actor in ONE statement (sessionActorJson); null when it is not live. */
export const findSessionActor = async (db: Db, id: string, idleSince: Date) => {
  // Every signed-in request sends this: on the pool directly, past Prisma's per-query work (lib/db.ts).
  const [row] = await queryRawFast<{ session: SessionActorJson | null }>(
    db,
    Prisma.sql`SELECT ${sessionActorJson(id, idleSince, new Date())} AS session`,
    { name: "session_actor" },
  );
  return row?.session ? toSessionActor(row.session) : null;
};
