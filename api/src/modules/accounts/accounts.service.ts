import { createHash, randomBytes } from "node:crypto";
import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { hashPassword, verifyPassword } from "../../lib/password.ts";
import { isValidUscc } from "../../domain/uscc.ts";
import type { OrgVerification } from "../../enums.ts";
import { consumeRateLimit, createSession, limitAccountCreation, sessionIdOf } from "../auth/auth.service.ts";
import { requireAccess } from "../access/access.ts";
import * as repo from "./accounts.repository.ts";

export const VERIFY_EMAIL_HOURS = 48;
export const RESET_MINUTES = 30;
export const INVITATION_DAYS = 7;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
/** 32 random bytes, URL-safe; only the hash is stored, so a database leak hands out no links. */
const newSecret = () => {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: sha256(token) };
};
const normalizeEmail = (email: string) => email.trim().toLowerCase();
const invalid = (path: string, message: string, text: string) =>
  new AppError("VALIDATION_FAILED", text, { errors: [{ path, message }] });

const issueEmailVerification = async (tx: repo.Tx, user: { id: string; email: string; name: string }) => {
  const { token, tokenHash } = newSecret();
  await repo.createToken(tx, {
    kind: "VERIFY_EMAIL",
    tokenHash,
    userId: user.id,
    email: user.email,
    expiresAt: new Date(Date.now() + VERIFY_EMAIL_HOURS * 3_600_000),
  });
  await repo.enqueue(tx, "account.verify_email", {
    userId: user.id,
    name: user.name,
    hours: VERIFY_EMAIL_HOURS,
    path: `/account/verify-email?token=${token}`,
  });
};

export type RegisterOrganizationInput = {
  organization: { nameZh: string; nameEn?: string | undefined; uscc: string };
  contact: { name: string; phone?: string | undefined };
  member: { email: string; name: string; password: string; locale?: "zh-CN" | "en" | undefined };
};

/**
 * A company registers itself: the organization starts UNVERIFIED (members browse, cannot book) until an
 * admin verifies it; the first member is its ORG_ADMIN and gets a link to verify the e-mail address.
 */
export const registerOrganization = async ({
  db,
  input,
  clientKey,
}: {
  db: Db;
  input: RegisterOrganizationInput;
  clientKey: string;
}) => {
  // Registration creates an account: the same per-address allowance as sign-up.
  await limitAccountCreation(db, clientKey);
  const uscc = input.organization.uscc.trim().toUpperCase();
  if (!isValidUscc(uscc))
    throw invalid("organization.uscc", "invalid check character", "The unified social credit code is not valid.");
  const email = normalizeEmail(input.member.email);
  if (await repo.findUserByEmail(db, email))
    throw new AppError("ALREADY_EXISTS", "An account with this e-mail exists already. Sign in instead.");
  if (await repo.findOrganizationByUscc(db, uscc))
    throw new AppError(
      "ALREADY_EXISTS",
      "This organization is registered already. Ask one of its members to invite you.",
    );
  const passwordHash = await hashPassword(input.member.password);
  return inTransaction(db, async (tx) => {
    const org = await repo.createOrganizationWithFirstMember(tx, {
      nameZh: input.organization.nameZh,
      nameEn: input.organization.nameEn ?? input.organization.nameZh,
      uscc,
      email,
      name: input.member.name,
      passwordHash,
      locale: input.member.locale ?? "zh-CN",
    });
    const userId = org.memberships[0]!.userId;
    await issueEmailVerification(tx, { id: userId, email, name: input.member.name });
    await repo.enqueue(tx, "organization.registered", {
      organizationId: org.id,
      organizationName: org.nameZh,
      uscc,
      contactName: input.contact.name,
      contactPhone: input.contact.phone ?? null,
      adminIds: await repo.adminUserIds(tx),
    });
    return { organizationId: org.id, userId, verification: org.verification };
  });
};

export type SignUpOptions = {
  db: Db;
  email: string;
  password: string;
  name: string;
  organization: RegisterOrganizationInput["organization"];
  clientKey: string;
};

/**
 * POST /auth/sign-up: the same registration (the member is the new organization's ORG_ADMIN and gets the
 * verification mail), then a session, so the new member is signed in at once.
 */
export const signUp = async ({ db, email, password, name, organization, clientKey }: SignUpOptions) => {
  const { userId } = await registerOrganization({
    db,
    clientKey,
    input: { organization, contact: { name }, member: { email, name, password } },
  });
  return createSession(db, userId);
};

export const verifyEmail = async ({ db, token }: { db: Db; token: string }) =>
  inTransaction(db, async (tx) => {
    const used = await repo.consumeToken(tx, "VERIFY_EMAIL", sha256(token));
    if (!used?.user_id) throw new AppError("NOT_FOUND", "This link is invalid, used or expired. Ask for a new one.");
    await repo.setEmailVerified(tx, used.user_id);
    return { verified: true as const };
  });

export const resendEmailVerification = async ({ db, actor }: { db: Db; actor: Actor }) => {
  const user = await repo.findUserById(db, actor.userId);
  if (!user || user.emailVerifiedAt) return { sent: false };
  await inTransaction(db, (tx) => issueEmailVerification(tx, user));
  return { sent: true };
};

/** Always answers the same, whether the address exists or not; only an existing account gets a link. */
export const requestPasswordReset = async ({ db, email }: { db: Db; email: string }) => {
  // Counted per address whether it exists or not, so the limit reveals nothing either.
  await consumeRateLimit(db, `reset:${normalizeEmail(email)}`, { attempts: 5, windowSeconds: 3600 });
  const user = await repo.findUserByEmail(db, normalizeEmail(email));
  // A disabled account gets no link: an admin took its rights away on purpose.
  if (user && !user.disabledAt) {
    const { token, tokenHash } = newSecret();
    await inTransaction(db, async (tx) => {
      await repo.revokeTokens(tx, user.id, "RESET_PASSWORD");
      await repo.createToken(tx, {
        kind: "RESET_PASSWORD",
        tokenHash,
        userId: user.id,
        email: user.email,
        expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000),
      });
      await repo.enqueue(tx, "account.password_reset", {
        userId: user.id,
        minutes: RESET_MINUTES,
        path: `/account/reset-password?token=${token}`,
      });
    });
  }
  return { accepted: true as const };
};

export const resetPassword = async ({ db, token, password }: { db: Db; token: string; password: string }) => {
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (tx) => {
    const used = await repo.consumeToken(tx, "RESET_PASSWORD", sha256(token));
    if (!used?.user_id) throw new AppError("NOT_FOUND", "This link is invalid, used or expired. Ask for a new one.");
    await repo.setPasswordHash(tx, used.user_id, passwordHash);
    // The link reached the mailbox, so the address is verified too.
    await repo.setEmailVerified(tx, used.user_id);
    await repo.deleteSessions(tx, used.user_id);
    return { reset: true as const };
  });
};

export const changePassword = async ({
  db,
  actor,
  currentPassword,
  newPassword,
  sessionCookie,
}: {
  db: Db;
  actor: Actor;
  currentPassword: string;
  newPassword: string;
  /** The caller's session cookie: that session stays signed in. */
  sessionCookie?: string | undefined;
}) => {
  const sessionId = sessionIdOf(sessionCookie);
  const user = await repo.findUserById(db, actor.userId);
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash)))
    throw invalid("currentPassword", "does not match", "The current password is not correct.");
  const passwordHash = await hashPassword(newPassword);
  await inTransaction(db, async (tx) => {
    await repo.setPasswordHash(tx, user.id, passwordHash);
    await repo.revokeTokens(tx, user.id, "RESET_PASSWORD");
    await repo.deleteSessions(tx, user.id, sessionId);
  });
  return { changed: true as const };
};

/** An organization's ORG_ADMIN (or an admin) invites someone by e-mail to become a member. */
export const inviteMember = async ({
  db,
  actor,
  organizationId,
  email,
  role = "MEMBER",
  locale = "zh-CN",
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
  email: string;
  role?: "MEMBER" | "ORG_ADMIN";
  locale?: "zh-CN" | "en";
}) => {
  const org = await repo.findOrganization(db, organizationId);
  const membership = await repo.findMembership(db, actor.userId, organizationId);
  if (!org || (!actor.isAdmin && !membership)) throw new AppError("NOT_FOUND", "No such organization.");
  if (!actor.isAdmin && membership?.role !== "ORG_ADMIN")
    throw new AppError("FORBIDDEN", "Only the organization's administrators can invite members.");
  const address = normalizeEmail(email);
  const { token, tokenHash } = newSecret();
  await inTransaction(db, async (tx) => {
    await repo.createToken(tx, {
      kind: "INVITATION",
      tokenHash,
      userId: null,
      email: address,
      organizationId,
      role,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    await repo.enqueue(tx, "account.invited", {
      email: address,
      locale,
      organizationId,
      organizationName: locale === "en" ? org.nameEn : org.nameZh,
      inviterName: actor.name,
      days: INVITATION_DAYS,
      path: `/account/invitation?token=${token}`,
    });
  });
  return { invited: address };
};

/** The invitation link creates the account (or adds the membership to an existing one) once. */
export const acceptInvitation = async ({
  db,
  token,
  name,
  password,
}: {
  db: Db;
  token: string;
  name: string;
  password: string;
}) => {
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (tx) => {
    const used = await repo.consumeToken(tx, "INVITATION", sha256(token));
    if (!used?.organization_id) throw new AppError("NOT_FOUND", "This invitation is invalid, used or expired.");
    const existing = await repo.findUserByEmail(tx, used.email);
    if (existing && !(await verifyPassword(password, existing.passwordHash)))
      throw invalid("password", "does not match", "An account with this e-mail exists: enter its password to join.");
    const user = existing ?? (await repo.createUser(tx, { email: used.email, name, passwordHash, locale: "zh-CN" }));
    await repo.addMembership(tx, {
      userId: user.id,
      organizationId: used.organization_id,
      role: used.role === "ORG_ADMIN" ? "ORG_ADMIN" : "MEMBER",
    });
    return { userId: user.id, organizationId: used.organization_id };
  });
};

export const listOrganizationsToVerify = async ({
  db,
  actor,
  status = "UNVERIFIED",
  cursor,
  limit = 50,
}: {
  db: Db;
  actor: Actor;
  status?: OrgVerification;
  cursor?: string | undefined;
  limit?: number;
}) => {
  requireAccess({ actor, permission: "platform.administer", refusal: "Only administrators verify organizations." });
  const rows = await repo.listOrganizationsByVerification(db, status, { cursor, limit });
  const page = rows.slice(0, limit);
  return {
    items: page.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
};

/** 注册审核: verify, or refuse with a reason; the organization's members are told either way. */
export const decideOrganization = async ({
  db,
  actor,
  organizationId,
  decision,
  reason,
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
  decision: "VERIFIED" | "REFUSED";
  reason?: string | undefined;
}) => {
  requireAccess({ actor, permission: "platform.administer", refusal: "Only administrators verify organizations." });
  if (decision === "REFUSED" && !reason?.trim())
    throw invalid("reason", "required when refusing", "A refusal needs a reason.");
  const org = await repo.findOrganization(db, organizationId);
  if (!org) throw new AppError("NOT_FOUND", "No such organization.");
  if (org.verification === "VERIFIED")
    throw new AppError("INVALID_TRANSITION", "The organization is verified already.", {
      verification: org.verification,
    });
  await inTransaction(db, async (tx) => {
    const { count } = await repo.decideOrganization(
      tx,
      org.id,
      org.verification as "UNVERIFIED" | "REFUSED",
      decision,
      reason ?? null,
    );
    if (count === 0) throw new AppError("PRECONDITION_FAILED", "Someone else decided first. Reload.");
    await repo.enqueue(tx, decision === "VERIFIED" ? "organization.verified" : "organization.refused", {
      organizationId: org.id,
      organizationName: org.nameZh,
      reason: reason ?? null,
      memberIds: await repo.memberUserIds(tx, org.id),
    });
  });
  return { id: org.id, verification: decision, verificationNote: reason ?? null };
};
