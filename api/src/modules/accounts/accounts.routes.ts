import { clientAddress } from "../../lib/client-address.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { getCookie } from "hono/cookie";
import { body, json, problems, router } from "../../lib/openapi.ts";
import { OrgVerification } from "../../enums.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { SESSION_COOKIE } from "../auth/auth.service.ts";
import * as service from "./accounts.service.ts";

const tags = ["accounts"];
const ZPassword = z.string().min(10).max(200);
const ZToken = z.string().min(20).max(200);
const ZLocale = z.enum(["zh-CN", "en"]);

const ZRegister = z
  .object({
    organization: z
      .object({
        nameZh: z.string().min(2).max(200),
        nameEn: z.string().max(200).optional(),
        uscc: z.string().length(18),
      })
      .strict(),
    contact: z.object({ name: z.string().min(1).max(100), phone: z.string().max(40).optional() }).strict(),
    member: z
      .object({
        email: z.email().max(200),
        name: z.string().min(1).max(100),
        password: ZPassword,
        locale: ZLocale.optional(),
      })
      .strict(),
  })
  .strict()
  .openapi("RegisterOrganization");
const ZRegistered = z
  .object({ organizationId: z.uuid(), userId: z.uuid(), verification: z.enum(OrgVerification) })
  .openapi("Registered");
const ZOrgVerification = z
  .object({
    id: z.uuid(),
    nameZh: z.string(),
    nameEn: z.string(),
    uscc: z.string().nullable(),
    verification: z.enum(OrgVerification),
    verificationNote: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("OrganizationVerification");
const ok = <T extends z.ZodRawShape>(shape: T, name: string) => json(z.object(shape).openapi(name));

export const accountsRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/accounts/registrations",
      operationId: "registerOrganization",
      tags,
      summary: "A company registers: organization (checked USCC), contact and first member; verified later by an admin",
      request: body(ZRegister),
      responses: { 201: json(ZRegistered), ...problems(400, 409, 429) },
    }),
    async (c) =>
      c.json(
        await service.registerOrganization({ db: c.var.db, input: c.req.valid("json"), clientKey: clientAddress(c) }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/accounts/email-verification",
      operationId: "verifyEmail",
      tags,
      summary: "Verify an e-mail address with the one-time link's token",
      request: body(z.object({ token: ZToken }).strict().openapi("VerifyEmail")),
      responses: { 200: ok({ verified: z.literal(true) }, "EmailVerified"), ...problems(400, 404) },
    }),
    async (c) => c.json(await service.verifyEmail({ db: c.var.db, token: c.req.valid("json").token }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/accounts/email-verification/resend",
      operationId: "resendEmailVerification",
      tags,
      summary: "Send me a new verification link",
      responses: { 200: ok({ sent: z.boolean() }, "VerificationResent"), ...problems(401) },
    }),
    async (c) => c.json(await service.resendEmailVerification({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/accounts/password-reset-requests",
      operationId: "requestPasswordReset",
      tags,
      summary:
        "Forgotten password: a one-time link by e-mail. The answer is the same whether the address exists or not",
      request: body(
        z
          .object({ email: z.email().max(200) })
          .strict()
          .openapi("PasswordResetRequest"),
      ),
      responses: { 202: ok({ accepted: z.literal(true) }, "PasswordResetAccepted"), ...problems(400, 429) },
    }),
    async (c) => c.json(await service.requestPasswordReset({ db: c.var.db, email: c.req.valid("json").email }), 202),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/accounts/password-reset",
      operationId: "resetPassword",
      tags,
      summary: "Set a new password with the link's token (single use, 30 minutes); signs out every session",
      request: body(z.object({ token: ZToken, password: ZPassword }).strict().openapi("PasswordReset")),
      responses: { 200: ok({ reset: z.literal(true) }, "PasswordResetDone"), ...problems(400, 404) },
    }),
    async (c) => c.json(await service.resetPassword({ db: c.var.db, ...c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/accounts/password",
      operationId: "changePassword",
      tags,
      summary: "Change my password (signs out my other sessions)",
      request: body(
        z
          .object({ currentPassword: z.string().min(1).max(200), newPassword: ZPassword })
          .strict()
          .openapi("ChangePassword"),
      ),
      responses: { 200: ok({ changed: z.literal(true) }, "PasswordChanged"), ...problems(400, 401) },
    }),
    async (c) =>
      c.json(
        await service.changePassword({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          ...c.req.valid("json"),
          sessionCookie: getCookie(c, SESSION_COOKIE),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/organizations/{id}/invitations",
      operationId: "inviteMember",
      tags,
      summary: "Invite someone by e-mail to join the organization (its ORG_ADMINs, admins)",
      request: {
        params: z.object({ id: z.uuid() }),
        ...body(
          z
            .object({
              email: z.email().max(200),
              role: z.enum(["MEMBER", "ORG_ADMIN"]).optional(),
              locale: ZLocale.optional(),
            })
            .strict()
            .openapi("Invitation"),
        ),
      },
      responses: { 201: ok({ invited: z.string() }, "Invited"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await service.inviteMember({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          organizationId: c.req.valid("param").id,
          ...c.req.valid("json"),
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/accounts/invitations/accept",
      operationId: "acceptInvitation",
      tags,
      summary: "Accept an invitation: creates the account (or joins with an existing one) once",
      request: body(
        z
          .object({ token: ZToken, name: z.string().min(1).max(100), password: ZPassword })
          .strict()
          .openapi("AcceptInvitation"),
      ),
      responses: {
        200: ok({ userId: z.uuid(), organizationId: z.uuid() }, "InvitationAccepted"),
        ...problems(400, 404),
      },
    }),
    async (c) => c.json(await service.acceptInvitation({ db: c.var.db, ...c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/organization-verifications",
      operationId: "listOrganizationsToVerify",
      tags,
      summary: "Organizations by verification state, oldest first (admins, 注册审核)",
      request: {
        query: z.object({
          status: z
            .enum([OrgVerification.UNVERIFIED, OrgVerification.REFUSED, OrgVerification.VERIFIED])
            .default("UNVERIFIED"),
          cursor: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
      responses: {
        200: json(
          z
            .object({ items: z.array(ZOrgVerification), nextCursor: z.string().nullable() })
            .openapi("OrganizationVerificationPage"),
        ),
        ...problems(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(
        await service.listOrganizationsToVerify({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          ...c.req.valid("query"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/organization-verifications/{id}",
      operationId: "decideOrganization",
      tags,
      summary: "Verify an organization, or refuse it with a reason (admins)",
      request: {
        params: z.object({ id: z.uuid() }),
        ...body(
          z
            .object({ decision: z.enum(["VERIFIED", "REFUSED"]), reason: z.string().max(1000).optional() })
            .strict()
            .openapi("OrganizationDecision"),
        ),
      },
      responses: {
        200: ok(
          { id: z.uuid(), verification: z.enum(["VERIFIED", "REFUSED"]), verificationNote: z.string().nullable() },
          "OrganizationDecided",
        ),
        ...problems(400, 401, 403, 404, 409, 412),
      },
    }),
    async (c) =>
      c.json(
        await service.decideOrganization({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          organizationId: c.req.valid("param").id,
          ...c.req.valid("json"),
        }),
        200,
      ),
  );
