import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import * as repo from "./money.repository.ts";
import { requireOrgAdmin } from "./money.access.ts";

/** The organization as its ORG_ADMIN manages it: members with their roles, and the spending threshold. */
export const getOrganizationSettings = async ({
  db,
  actor,
  organizationId,
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
}) => {
  await requireOrgAdmin(db, actor, organizationId);
  const [organization, members] = await Promise.all([
    repo.findOrganization(db, organizationId),
    repo.findOrganizationMembers(db, organizationId),
  ]);
  return {
    id: organizationId,
    nameZh: organization!.nameZh,
    nameEn: organization!.nameEn,
    uscc: organization!.uscc,
    spendingThresholdFen: organization!.spendingThresholdFen,
    members: members.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role })),
  };
};

export const setSpendingThreshold = async ({
  db,
  actor,
  organizationId,
  thresholdFen,
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
  thresholdFen: number | null;
}) => {
  await requireOrgAdmin(db, actor, organizationId);
  await repo.setSpendingThreshold(db, organizationId, thresholdFen);
  return getOrganizationSettings({ db, actor, organizationId });
};

/** Adds an existing user by e-mail, or changes a member's role between MEMBER and ORG_ADMIN. */
export const putMember = async ({
  db,
  actor,
  organizationId,
  email,
  role,
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
  email: string;
  role: "MEMBER" | "ORG_ADMIN";
}) => {
  await requireOrgAdmin(db, actor, organizationId);
  const user = await repo.findUserByEmail(db, email.trim().toLowerCase());
  if (!user) throw new AppError("NOT_FOUND", "No user with this e-mail. They must have an account first.");
  const current = await repo.findRole(db, user.id, organizationId);
  if (current === "ORG_ADMIN" && role !== "ORG_ADMIN" && (await repo.countOrgAdmins(db, organizationId)) <= 1)
    throw new AppError("INVALID_TRANSITION", "The organization's last administrator cannot step down.");
  if (current !== null && current !== "MEMBER" && current !== "ORG_ADMIN")
    throw new AppError("FORBIDDEN", "This membership is managed by the platform's administrators.");
  await repo.upsertMembership(db, user.id, organizationId, role);
  return getOrganizationSettings({ db, actor, organizationId });
};

export const removeMember = async ({
  db,
  actor,
  organizationId,
  userId,
}: {
  db: Db;
  actor: Actor;
  organizationId: string;
  userId: string;
}) => {
  await requireOrgAdmin(db, actor, organizationId);
  const role = await repo.findRole(db, userId, organizationId);
  if (role === null) throw new AppError("NOT_FOUND", "No such member.");
  if (role === "ORG_ADMIN" && (await repo.countOrgAdmins(db, organizationId)) <= 1)
    throw new AppError("INVALID_TRANSITION", "The organization's last administrator cannot be removed.");
  if ((await repo.deleteMembership(db, userId, organizationId)) === 0)
    throw new AppError("FORBIDDEN", "This membership is managed by the platform's administrators.");
  return getOrganizationSettings({ db, actor, organizationId });
};
