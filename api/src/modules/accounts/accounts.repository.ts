import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { AccountTokenKind, OrgVerification } from "../../enums.ts";

export type Tx = Prisma.TransactionClient | Db;
type Kind = AccountTokenKind;

export const findUserByEmail = (tx: Tx, email: string) => tx.user.findUnique({ where: { email } });
export const findUserById = (tx: Tx, id: string) => tx.user.findUnique({ where: { id } });
export const findOrganizationByUscc = (tx: Tx, uscc: string) => tx.organization.findUnique({ where: { uscc } });
export const findOrganization = (tx: Tx, id: string) => tx.organization.findUnique({ where: { id } });

export const createOrganizationWithFirstMember = (
  tx: Tx,
  o: {
    nameZh: string;
    nameEn: string;
    uscc: string;
    email: string;
    name: string;
    passwordHash: string;
    locale: string;
  },
) =>
  tx.organization.create({
    data: {
      kind: "SME",
      nameZh: o.nameZh,
      nameEn: o.nameEn,
      uscc: o.uscc,
      verification: "UNVERIFIED",
      memberships: {
        create: {
          role: "ORG_ADMIN",
          user: { create: { email: o.email, name: o.name, passwordHash: o.passwordHash, locale: o.locale } },
        },
      },
    },
    include: { memberships: true },
  });

export const adminUserIds = async (tx: Tx) =>
  (await tx.membership.findMany({ where: { role: "ADMIN" }, select: { userId: true } })).map((m) => m.userId);
export const memberUserIds = async (tx: Tx, organizationId: string) =>
  (await tx.membership.findMany({ where: { organizationId }, select: { userId: true } })).map((m) => m.userId);
export const addMembership = (tx: Tx, m: { userId: string; organizationId: string; role: "MEMBER" | "ORG_ADMIN" }) =>
  tx.membership.upsert({
    where: { userId_organizationId: { userId: m.userId, organizationId: m.organizationId } },
    create: m,
    update: {},
  });

export const createToken = (
  tx: Tx,
  t: {
    kind: Kind;
    tokenHash: string;
    userId: string | null;
    email: string;
    organizationId?: string | null;
    role?: "MEMBER" | "ORG_ADMIN" | null;
    expiresAt: Date;
  },
) => tx.accountToken.create({ data: t });

/** Marks a token used if it is of this kind, unused and unexpired; one UPDATE, so it works once even under races. */
export const consumeToken = async (tx: Tx, kind: Kind, tokenHash: string) => {
  const rows = await tx.$queryRaw<
    {
      id: string;
      user_id: string | null;
      email: string;
      organization_id: string | null;
      role: "MEMBER" | "ORG_ADMIN" | null;
    }[]
  >`
    UPDATE account_token SET used_at = now()
    WHERE token_hash = ${tokenHash} AND kind = ${kind}::"AccountTokenKind" AND used_at IS NULL AND expires_at > now()
    RETURNING id, user_id, email, organization_id, role::text AS role`;
  return rows[0] ?? null;
};

/** Older reset links die when a new one is asked for or the password changes. */
export const revokeTokens = (tx: Tx, userId: string, kind: Kind) =>
  tx.accountToken.updateMany({ where: { userId, kind, usedAt: null }, data: { usedAt: new Date() } });

export const setEmailVerified = (tx: Tx, userId: string) =>
  tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
export const setPasswordHash = (tx: Tx, userId: string, passwordHash: string) =>
  tx.user.update({ where: { id: userId }, data: { passwordHash } });
/** A new password signs every other session out. */
export const deleteSessions = (tx: Tx, userId: string, keepSessionId?: string) =>
  tx.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
export const createUser = (tx: Tx, u: { email: string; name: string; passwordHash: string; locale: string }) =>
  tx.user.create({ data: { ...u, emailVerifiedAt: new Date() } });

export const enqueue = (tx: Tx, topic: string, payload: Record<string, unknown>) =>
  tx.outbox.create({ data: { topic, payload: payload as Prisma.InputJsonValue } });

export const listOrganizationsByVerification = (
  tx: Tx,
  verification: OrgVerification,
  { cursor, limit }: { cursor?: string | undefined; limit: number },
) =>
  tx.organization.findMany({
    where: { verification },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      nameZh: true,
      nameEn: true,
      uscc: true,
      verification: true,
      verificationNote: true,
      createdAt: true,
    },
  });

export const decideOrganization = (
  tx: Tx,
  id: string,
  from: "UNVERIFIED" | "REFUSED",
  to: "VERIFIED" | "REFUSED",
  note: string | null,
) =>
  tx.organization.updateMany({ where: { id, verification: from }, data: { verification: to, verificationNote: note } });
