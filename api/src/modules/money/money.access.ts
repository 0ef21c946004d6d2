import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import * as repo from "./money.repository.ts";
import type { ChargeScope, Tx } from "./money.repository.ts";

/**
 * Who may do what with money, in one place (the integrator can move it into the access module):
 * - members see their organizations' charges, statements and vouchers;
 * - an organization's ORG_ADMIN confirms or disputes its charges, registers vouchers, manages members;
 * - a facility's managers (the operator) resolve disputes, adjust, issue statements, record payments and
 *   apply vouchers for their facility; admins may do all of it.
 */
export const moneyScope = (actor: Actor): ChargeScope =>
  actor.isAdmin
    ? { organizationIds: null, facilityIds: null }
    : { organizationIds: actor.organizationIds, facilityIds: actor.managedFacilityIds };

export const canSeeMoneyOf = (actor: Actor, x: { organizationId: string; facilityId: string }) =>
  actor.isAdmin || actor.organizationIds.includes(x.organizationId) || actor.managedFacilityIds.includes(x.facilityId);

export const canOperate = (actor: Actor, facilityId: string) =>
  actor.isAdmin || actor.managedFacilityIds.includes(facilityId);

export const isOrgAdmin = async (tx: Tx, actor: Actor, organizationId: string) =>
  actor.isAdmin || (await repo.findRole(tx, actor.userId, organizationId)) === "ORG_ADMIN";

/** 404 when the organization is outside the caller's scope, 403 when inside but the caller is no ORG_ADMIN. */
export const requireOrgAdmin = async (tx: Tx, actor: Actor, organizationId: string) => {
  if (!actor.isAdmin && !actor.organizationIds.includes(organizationId))
    throw new AppError("NOT_FOUND", "No such organization.");
  if (actor.isAdmin && !(await repo.findOrganization(tx, organizationId)))
    throw new AppError("NOT_FOUND", "No such organization.");
  if (!(await isOrgAdmin(tx, actor, organizationId)))
    throw new AppError("FORBIDDEN", "Only the organization's administrator (ORG_ADMIN) can do this.");
};

export const requireOperator = (actor: Actor, x: { organizationId: string; facilityId: string }) => {
  if (!canSeeMoneyOf(actor, x)) throw new AppError("NOT_FOUND", "Not found.");
  if (!canOperate(actor, x.facilityId))
    throw new AppError("FORBIDDEN", "Only the facility's managers (the operator) can do this.");
};
