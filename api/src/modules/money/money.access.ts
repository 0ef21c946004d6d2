import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { can, moneyScopeOf, requireAccess } from "../access/access.ts";
import * as repo from "./money.repository.ts";
import type { ChargeScope, Tx } from "./money.repository.ts";

/**
 * Who may do what with money, decided by the access module's table (modules/access/access.ts):
 * - members see their organizations' charges, statements and vouchers (`money.read`);
 * - an organization's ORG_ADMIN confirms or disputes its charges (`charge.decide`), registers vouchers, manages
 *   members (`organization.administer`);
 * - a facility's managers (the operator) resolve disputes, adjust, issue statements, record payments and
 *   apply vouchers for their facility (`money.operate`); admins may do all of it.
 */
export const moneyScope = (actor: Actor): ChargeScope => moneyScopeOf(actor);

export const canSeeMoneyOf = (actor: Actor, x: { organizationId: string; facilityId: string }) =>
  can(actor, "money.read", { organizationId: x.organizationId, facilityId: x.facilityId });

/** 404 when the organization is outside the caller's scope, 403 when inside but the caller is no ORG_ADMIN. */
export const requireOrgAdmin = async (tx: Tx, actor: Actor, organizationId: string) => {
  requireAccess({
    actor,
    permission: "organization.administer",
    target: { organizationId },
    objectName: "organization",
  });
  // An admin sees every organization, so one that does not exist is told apart here.
  if (can(actor, "platform.administer") && !(await repo.findOrganization(tx, organizationId)))
    throw new AppError("NOT_FOUND", "No such organization.");
};

export const requireOperator = (actor: Actor, x: { organizationId: string; facilityId: string }) =>
  requireAccess({
    actor,
    permission: "money.operate",
    target: { organizationId: x.organizationId, facilityId: x.facilityId },
    objectName: "charge or statement",
  });
