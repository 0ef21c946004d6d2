// The OpenAPI document as integrators' tools want it (checked by `pnpm lint:openapi`, Redocly's recommended
// rules): the security schemes declared once and applied per operation, and the answers that middleware
// gives every operation of a kind documented on each of them.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context.ts";

// Operations that answer a problem refer to the Problem schema (lib/openapi.ts), so it is always a component.

export const SECURITY_SCHEMES = {
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "zs_session",
    description: "The portal's session, set by POST /api/v1/auth/sign-in.",
  },
  bearerToken: {
    type: "http",
    scheme: "bearer",
    description: "An API token (`zs_…`) created under /api/v1/auth/tokens, for integrations.",
  },
} as const;

/**
 * TEMPORARY: operation ids of the modules other branches are rewriting in this round (auth, admin: sec).
 * The integrator moves each into its route's createRoute({ operationId }) and deletes this map.
 */
const TEMPORARY_OPERATION_IDS: Record<string, string> = {
  "post /api/v1/auth/sign-in": "signIn",
  "post /api/v1/auth/sign-up": "signUp",
  "post /api/v1/auth/sign-out": "signOut",
  "get /api/v1/auth/me": "getMe",
  "get /api/v1/auth/tokens": "listApiTokens",
  "post /api/v1/auth/tokens": "createApiToken",
  "delete /api/v1/auth/tokens/{id}": "revokeApiToken",
  "post /api/v1/facilities": "createFacility",
  "patch /api/v1/facilities/{code}": "updateFacility",
  "post /api/v1/resources": "createResource",
  "patch /api/v1/resources/{code}": "updateResource",
  "post /api/v1/certification-bodies": "createCertificationBody",
  "patch /api/v1/certification-bodies/{code}": "updateCertificationBody",
  "post /api/v1/facilities/{code}/managers": "addFacilityManager",
  "get /api/v1/organizations": "listOrganizations",
  "post /api/v1/organizations": "createOrganization",
  "get /api/v1/users": "listUsers",
  "post /api/v1/users/{id}/memberships": "addMembership",
  "get /api/v1/usage-records": "listUsageRecords",
  "post /api/v1/usage-records": "createUsageRecord",
  "post /api/v1/qualifications": "grantQualification",
  "post /api/v1/auth/sign-out-everywhere": "signOutEverywhere",
  "get /api/v1/auth/demo-accounts": "listDemoAccounts",
  "delete /api/v1/users/{id}/memberships/{organizationId}": "removeMembership",
  "delete /api/v1/facilities/{code}/managers/{userId}": "removeFacilityManager",
  "post /api/v1/users/{id}/disable": "disableUser",
  "post /api/v1/users/{id}/enable": "enableUser",
  "get /api/v1/audit-events": "listAuditEvents",
};

const UNSAFE = new Set(["post", "put", "patch", "delete"]);
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
};

export const openApiDocument = (app: OpenAPIHono<AppEnv>) => {
  const document = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "中试通 Zhongshi API",
      version: "1.0.0",
      description: "Booking API of the shared pilot-scale facilities of Guizhou Science City (两基地三中心).",
    },
    servers: [{ url: "/" }],
  });
  // OpenAPI 3.1's SPDX `identifier` (the generator's types are 3.0's, which lack it).
  Object.assign(document.info, { license: { name: "Proprietary", identifier: "LicenseRef-Zhongshi-Proprietary" } });
  document.components = { ...document.components, securitySchemes: SECURITY_SCHEMES };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, value] of Object.entries(item as Record<string, Operation>)) {
      const operation = value;
      operation.operationId ??= TEMPORARY_OPERATION_IDS[`${method} ${path}`];
      // An operation that can answer 401 needs a caller; the others are public, and use a session if sent.
      operation.security ??= operation.responses["401"]
        ? [{ sessionCookie: [] }, { bearerToken: [] }]
        : [{}, { sessionCookie: [] }, { bearerToken: [] }];
      // The Origin check refuses cookie-authenticated unsafe requests from other sites, on every such route.
      if (UNSAFE.has(method)) operation.responses["403"] ??= problem("Problem (RFC 9457): CSRF_REJECTED");
      // The request guards (lib/request-guards.ts) refuse U+0000 and oversized input before any route.
      operation.responses["400"] ??= problem("Problem (RFC 9457): refused by the request guards");
    }
  }
  return document;
};
