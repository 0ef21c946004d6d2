// The one answer to "may this actor do this to this object?". Every use case asks `requireAccess` (or, for
// lists, `scopeOf`), never `actor.isAdmin` or `managedFacilityIds` itself. The rules are data: PERMISSIONS
// says which relations between an actor and an object grant each permission; RELATIONS says how each relation
// is decided. The authorization matrix test (tests/integration/authorization-matrix.test.ts) computes its
// expectations from the same table.
//
// To add a role (e.g. BODY_STAFF): add a relation to RELATIONS (reading what `Actor` carries, as ORG_ADMIN reads
// the organizations the actor administers), then name it in the permissions it grants. Nothing else changes.
// The money and orders modules keep thin access files (money.access.ts, orders.access.ts) that only name their
// permissions and targets here; they read nothing off the actor themselves.
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";

/** What an access decision looks at: where the object lives and whose it is. Unknown parts are omitted. */
export type Target = {
  facilityId?: string | undefined;
  organizationId?: string | null | undefined;
  requesterId?: string | undefined;
  /** The certification body that performs the object (a service order). */
  certificationBodyId?: string | null | undefined;
  /** A request still waiting for its organization's ORG_ADMIN: not yet the facility's to see or decide. */
  awaitingOrgApproval?: boolean | undefined;
};

/** How an actor can stand to an object. */
export const RELATIONS = {
  /** Platform administrator: every object. */
  ADMIN: (actor: Actor) => actor.isAdmin,
  /** Manages the facility the object belongs to. */
  FACILITY_MANAGER: (actor: Actor, target: Target) =>
    target.facilityId !== undefined &&
    !target.awaitingOrgApproval &&
    actor.managedFacilityIds.includes(target.facilityId),
  /** Manages at least one facility (for reports and lists that the scope then narrows). */
  ANY_FACILITY_MANAGER: (actor: Actor) => actor.managedFacilityIds.length > 0,
  /** Member of the organization the object belongs to. */
  ORG_MEMBER: (actor: Actor, target: Target) =>
    target.organizationId != null && actor.organizationIds.includes(target.organizationId),
  /** Administers the organization the object belongs to (ORG_ADMIN membership). */
  ORG_ADMIN: (actor: Actor, target: Target) =>
    target.organizationId != null && (actor.administeredOrganizationIds ?? []).includes(target.organizationId),
  /** Member of any organization (may book for it). */
  ANY_ORG_MEMBER: (actor: Actor) => actor.organizationIds.length > 0,
  /** Staff (BODY_STAFF) of the certification body that performs the object. */
  BODY_STAFF: (actor: Actor, target: Target) =>
    target.certificationBodyId != null && (actor.staffBodyIds ?? []).includes(target.certificationBodyId),
  /** Staff of at least one certification body (for the order board that the scope then narrows). */
  ANY_BODY_STAFF: (actor: Actor) => (actor.staffBodyIds ?? []).length > 0,
  /** Made the request. */
  REQUESTER: (actor: Actor, target: Target) => target.requesterId === actor.userId,
  /** Any signed-in user. */
  SIGNED_IN: () => true,
} as const satisfies Record<string, (actor: Actor, target: Target) => boolean>;
export type Relation = keyof typeof RELATIONS;

/** Permission → the relations that grant it. */
export const PERMISSIONS = {
  "booking.read": ["ADMIN", "FACILITY_MANAGER", "ORG_MEMBER"],
  "booking.create": ["ADMIN", "ORG_MEMBER"],
  "booking.cancel": ["ADMIN", "FACILITY_MANAGER", "ORG_MEMBER"],
  /** approve, reject, check-in, check-out, no-show; and cancelling a maintenance block. */
  "booking.decide": ["ADMIN", "FACILITY_MANAGER"],
  "bookings.list.mine": ["SIGNED_IN"],
  "bookings.list.organization": ["SIGNED_IN"],
  "bookings.list.facility": ["ADMIN", "ANY_FACILITY_MANAGER"],
  "bookings.list.all": ["ADMIN"],
  "maintenance.create": ["ADMIN", "FACILITY_MANAGER"],
  "resource.feed.read": ["ADMIN", "FACILITY_MANAGER"],
  "analytics.read": ["ADMIN", "ANY_FACILITY_MANAGER"],
  "analytics.facility.read": ["ADMIN", "FACILITY_MANAGER"],
  /** Change a facility's own settings: a resource's policy, its offers, fair-use rules (404 to others). */
  "facility.manage": ["ADMIN", "FACILITY_MANAGER"],
  /**
   * Act for a facility on objects named in the request body: add a resource, record use, grant a
   * qualification. The facility and its resources are public, so others get 403, not 404.
   */
  "facility.operate": ["ADMIN", "FACILITY_MANAGER"],
  "usage.list": ["ADMIN", "ANY_FACILITY_MANAGER"],
  /** Facilities, certification bodies, organizations, users, memberships, managers, audit events. */
  "platform.administer": ["ADMIN"],
  /** Register webhooks and read the delivery log (each limited to one's facilities by the scope). */
  "notifications.operate": ["ADMIN", "ANY_FACILITY_MANAGER"],
  /** A webhook endpoint of a facility; one without a facility (every facility) is the admins'. */
  "webhook.manage": ["ADMIN", "FACILITY_MANAGER"],
  "suspensions.list": ["ADMIN", "ANY_FACILITY_MANAGER"],
  /** An organization as its members see it (others: 404). */
  "organization.read": ["ADMIN", "ORG_MEMBER"],
  "organization.invite": ["ADMIN", "ORG_ADMIN"],
  /** Act as the organization's administrator: members, spending threshold, vouchers, approvals above it. */
  "organization.administer": ["ADMIN", "ORG_ADMIN"],
  /** Charges and statements: the customer organization's members and the operating facility's managers. */
  "money.read": ["ADMIN", "ORG_MEMBER", "FACILITY_MANAGER"],
  /** The operator's side of a charge or statement: resolve, adjust, record payments, apply vouchers. */
  "money.operate": ["ADMIN", "FACILITY_MANAGER"],
  /** The customer's side of a charge: confirm or dispute it. */
  "charge.decide": ["ADMIN", "ORG_ADMIN"],
  "income.read": ["ADMIN", "ANY_FACILITY_MANAGER"],
  "statements.issue": ["ADMIN", "ANY_FACILITY_MANAGER"],
  "order.create": ["ADMIN", "ORG_MEMBER"],
  /** An order as either party sees it: the customer (requester, its organization) or the lab. */
  "order.read": ["ADMIN", "FACILITY_MANAGER", "BODY_STAFF", "ORG_MEMBER", "REQUESTER"],
  /** The lab's side of an order: the center's managers, the performing body's staff, admins. */
  "order.lab": ["ADMIN", "FACILITY_MANAGER", "BODY_STAFF"],
  /** The customer's side of an order. */
  "order.customer": ["ORG_MEMBER", "REQUESTER"],
  "orders.list.board": ["ADMIN", "ANY_FACILITY_MANAGER", "ANY_BODY_STAFF"],
} as const satisfies Record<string, readonly Relation[]>;
export type Permission = keyof typeof PERMISSIONS;

/**
 * Permissions on an existing object, and the permission that lets the actor see it: without that one the
 * answer is 404 (objects outside one's scope are not revealed), with it 403.
 */
export const SEEN_THROUGH: Partial<Record<Permission, Permission>> = {
  "booking.read": "booking.read",
  "booking.cancel": "booking.read",
  "booking.decide": "booking.read",
  // Catalogue objects are public, but what a facility shares or sets is out of sight to everyone else:
  // another facility's manager or a member gets the answer an unknown code gets.
  "resource.feed.read": "resource.feed.read",
  "facility.manage": "facility.manage",
  "webhook.manage": "webhook.manage",
  "organization.read": "organization.read",
  "organization.invite": "organization.read",
  "organization.administer": "organization.read",
  "money.read": "money.read",
  "money.operate": "money.read",
  "charge.decide": "money.read",
  "order.read": "order.read",
  "order.lab": "order.read",
  "order.customer": "order.read",
};

/** Why a permission is refused, in words a caller can act on. */
const REFUSAL: Partial<Record<Permission, string>> = {
  "booking.create": "You can only book for an organization you belong to.",
  "booking.decide": "Only the facility's managers can do this.",
  "bookings.list.facility": "You manage no facility.",
  "bookings.list.all": "Only admins can list all bookings.",
  "maintenance.create": "Only the facility's managers can block maintenance.",
  "resource.feed.read": "Only the facility's managers can share its feed.",
  "analytics.read": "Utilization reports are for admins and facility managers.",
  "analytics.facility.read": "You manage other facilities than this one.",
  "facility.manage": "Only admins and the facility's managers can do this.",
  "facility.operate": "Only admins and the facility's managers can do this.",
  "usage.list": "Usage records are for admins and facility managers.",
  "platform.administer": "Only admins can do this.",
  "notifications.operate": "Only administrators and facility managers register webhooks.",
  "suspensions.list": "Suspensions are for admins and facility managers.",
  "organization.invite": "Only the organization's administrators can invite members.",
  "organization.administer": "Only the organization's administrator (ORG_ADMIN) can do this.",
  "money.operate": "Only the facility's managers (the operator) can do this.",
  "charge.decide": "Only the customer organization's administrator can confirm or dispute.",
  "income.read": "Income is for facility managers and admins.",
  "statements.issue": "Only a facility's managers or an admin can issue statements.",
  "order.create": "You can only order for an organization you belong to.",
  "orders.list.board": "Only center managers and certification-body staff have an order board.",
};

/** The pure decision, over relations the caller already knows (the matrix test uses this too). */
export const grants = (permission: Permission, relations: Iterable<Relation>) => {
  const held = new Set(relations);
  return PERMISSIONS[permission].some((relation: Relation) => held.has(relation));
};

export const relationsOf = (actor: Actor, target: Target = {}): Relation[] =>
  (Object.keys(RELATIONS) as Relation[]).filter((relation) => RELATIONS[relation](actor, target));

export const can = (actor: Actor, permission: Permission, target: Target = {}) =>
  grants(permission, relationsOf(actor, target));

export type RequireAccessOptions = {
  actor: Actor;
  permission: Permission;
  target?: Target;
  /** The object's name in the 404 ("No such booking."). */
  objectName?: string;
  /** Overrides the refusal's wording where the same permission guards several actions. */
  refusal?: string;
};

/** Throws NOT_FOUND when the object is outside the actor's sight, FORBIDDEN when seen but not allowed. */
export const requireAccess = ({
  actor,
  permission,
  target = {},
  objectName = "object",
  refusal,
}: RequireAccessOptions) => {
  const relations = relationsOf(actor, target);
  const read = SEEN_THROUGH[permission];
  if (read && !grants(read, relations)) throw new AppError("NOT_FOUND", `No such ${objectName}.`);
  if (!grants(permission, relations))
    throw new AppError("FORBIDDEN", refusal ?? REFUSAL[permission] ?? "You are not allowed to do this.");
};

/** The bookings an actor may list under a scope (the list then narrows further by its filters). */
export const bookingScopeOf = (actor: Actor, scope: "mine" | "organization" | "facility" | "all") => {
  requireAccess({ actor, permission: `bookings.list.${scope}` });
  switch (scope) {
    case "mine":
      return { requesterId: actor.userId };
    case "organization":
      return { organizationIds: actor.organizationIds };
    case "facility":
      return actor.isAdmin ? { all: true as const } : { facilityIds: actor.managedFacilityIds };
    case "all":
      return { all: true as const };
  }
};

/** The facilities whose analytics an actor may read: null for all. */
export const analyticsScopeOf = (actor: Actor, facilityId?: string): string[] | null => {
  requireAccess({ actor, permission: "analytics.read" });
  if (facilityId !== undefined) {
    requireAccess({ actor, permission: "analytics.facility.read", target: { facilityId } });
    return [facilityId];
  }
  return actor.isAdmin ? null : actor.managedFacilityIds;
};

/** The organizations an actor may list: null for all (admins), else their own. */
export const organizationScopeOf = (actor: Actor): string[] | null =>
  can(actor, "platform.administer") ? null : actor.organizationIds;

/** The facilities whose usage records an actor may list: null for all. */
export const usageScopeOf = (actor: Actor): string[] | null => {
  requireAccess({ actor, permission: "usage.list" });
  return can(actor, "platform.administer") ? null : actor.managedFacilityIds;
};

/** The facilities whose webhooks and deliveries an actor may see: null for all. */
export const notificationScopeOf = (actor: Actor, refusal?: string): string[] | null => {
  requireAccess({ actor, permission: "notifications.operate", ...(refusal ? { refusal } : {}) });
  return can(actor, "platform.administer") ? null : actor.managedFacilityIds;
};

/** The facilities whose suspensions an actor may list: null for all. */
export const suspensionScopeOf = (actor: Actor): string[] | null => {
  requireAccess({ actor, permission: "suspensions.list" });
  return can(actor, "platform.administer") ? null : actor.managedFacilityIds;
};

/** Whose sent mail an actor may read in the development mailbox: null for everyone's. */
export const mailboxScopeOf = (actor: Actor): string | null => (can(actor, "platform.administer") ? null : actor.email);

/** Whose charges and statements an actor may list: null for all (admins), else its organizations and facilities. */
export const moneyScopeOf = (actor: Actor): { organizationIds: string[] | null; facilityIds: string[] | null } =>
  can(actor, "platform.administer")
    ? { organizationIds: null, facilityIds: null }
    : { organizationIds: actor.organizationIds, facilityIds: actor.managedFacilityIds };

/** The facilities whose income an actor may read, or whose statements it may issue: null for all. */
export const operatorScopeOf = (actor: Actor, permission: "income.read" | "statements.issue"): string[] | null => {
  requireAccess({ actor, permission });
  return can(actor, "platform.administer") ? null : actor.managedFacilityIds;
};

/** The organizations whose requests await this actor's approval: those of its own it may administer. */
export const administeredOrganizationsOf = (actor: Actor): string[] =>
  actor.organizationIds.filter((organizationId) => can(actor, "organization.administer", { organizationId }));

/** The orders an actor may list under a scope (the list then narrows further by its filters). */
export const orderScopeOf = (
  actor: Actor,
  scope: "mine" | "organization" | "board",
):
  | { kind: "mine"; userId: string }
  | { kind: "organization"; organizationIds: string[] }
  | { kind: "all" }
  | { kind: "lab"; facilityIds: string[]; bodyIds: string[] } => {
  switch (scope) {
    case "mine":
      return { kind: "mine", userId: actor.userId };
    case "organization":
      return { kind: "organization", organizationIds: actor.organizationIds };
    case "board":
      requireAccess({ actor, permission: "orders.list.board" });
      return can(actor, "platform.administer")
        ? { kind: "all" }
        : { kind: "lab", facilityIds: actor.managedFacilityIds, bodyIds: actor.staffBodyIds ?? [] };
  }
};

/** Training requests: a facility's (null for all) when the actor runs facilities and asks for them, else its own. */
export const trainingScopeOf = (actor: Actor, mine: boolean): { facilityIds?: string[] } | { userId: string } => {
  if (mine || !(RELATIONS.ADMIN(actor) || RELATIONS.ANY_FACILITY_MANAGER(actor))) return { userId: actor.userId };
  return RELATIONS.ADMIN(actor) ? {} : { facilityIds: actor.managedFacilityIds };
};
