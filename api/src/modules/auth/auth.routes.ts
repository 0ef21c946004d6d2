import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { clientAddress } from "../../lib/client-address.ts";
import { body, json, problems, router, ZUuid } from "../../lib/openapi.ts";
import type { Actor, AppEnv } from "../../lib/context.ts";
import { ApiTokenScope } from "../../enums.ts";
import { signUp } from "../accounts/accounts.service.ts";
import { requireActor } from "./auth.middleware.ts";
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  SESSION_COOKIE,
  signIn,
  signOut,
  signOutEverywhere,
  TOKEN_MAX_DAYS,
} from "./auth.service.ts";

export const ZSignIn = z
  .strictObject({ email: z.email().max(254), password: z.string().min(1).max(200) })
  .openapi("SignIn");
export const ZSignUp = z
  .strictObject({
    email: z.email().max(254),
    password: z.string().min(10).max(200),
    name: z.string().trim().min(1).max(100),
    organization: z.strictObject({
      nameZh: z.string().trim().min(2).max(200),
      nameEn: z.string().trim().max(200).optional(),
      uscc: z.string().trim().length(18),
    }),
  })
  .openapi("SignUp");

export const ZMe = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    isAdmin: z.boolean(),
    organizationIds: z.array(z.string()),
    organizations: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() })),
    managedFacilityIds: z.array(z.string()),
    via: z.enum(["session", "token"]),
  })
  .openapi("Me");

const ZTokenScope = z.enum(ApiTokenScope);
const ZToken = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: ZTokenScope,
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().optional(),
    token: z.string().optional().openapi({ description: "Only in the answer that creates the token" }),
  })
  .openapi("ApiToken");
const ZCreateToken = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scope: ZTokenScope.default("READ_ONLY"),
    expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(90),
  })
  .openapi("CreateApiToken");

const meBody = (actor: Actor) => actor;

/** The session cookie: HttpOnly, SameSite=Lax, Secure when the portal is served over https. */
const setSessionCookie = (c: Context<AppEnv>, session: { secret: string; expiresAt: Date }) =>
  setCookie(c, SESSION_COOKIE, session.secret, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.var.config.secureCookies,
    path: "/",
    expires: session.expiresAt,
  });

export const authRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-in",
      tags: ["auth"],
      summary: "Sign in with e-mail and password; sets the session cookie",
      request: body(ZSignIn),
      responses: { 200: json(ZMe), ...problems(400, 401, 429) },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const session = await signIn({
        db: c.var.db,
        email,
        password,
        clientKey: clientAddress(c),
        previousSecret: getCookie(c, SESSION_COOKIE),
      });
      setSessionCookie(c, session);
      return c.json(meBody(session.actor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-up",
      tags: ["auth"],
      summary:
        "Register an SME and sign in (same as /accounts/registrations: ORG_ADMIN of the unverified organization)",
      request: body(ZSignUp),
      responses: { 201: json(ZMe), ...problems(400, 409, 429) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const session = await signUp({ db: c.var.db, ...input, clientKey: clientAddress(c) });
      setSessionCookie(c, session);
      return c.json(meBody(session.actor), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-out",
      tags: ["auth"],
      summary: "End the session",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      await signOut({ db: c.var.db, cookie: getCookie(c, SESSION_COOKIE) });
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-out-everywhere",
      tags: ["auth"],
      summary: "End every session of the signed-in user, on every device",
      responses: { 200: json(z.object({ ended: z.number().int() })), ...problems(401, 403) },
    }),
    async (c) => {
      const ended = await signOutEverywhere({ db: c.var.db, actor: requireActor(c.var.actor) });
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.json(ended, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/auth/demo-accounts",
      tags: ["auth"],
      summary: "The demo accounts to list on the sign-in page (empty outside demo mode)",
      responses: { 200: json(z.object({ demo: z.boolean(), emails: z.array(z.string()) })) },
    }),
    async (c) => {
      const emails = c.var.config.demoAccounts;
      return c.json({ demo: emails !== undefined, emails: emails ?? [] }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/auth/me",
      tags: ["auth"],
      summary: "The signed-in user",
      responses: { 200: json(ZMe), ...problems(401) },
    }),
    async (c) => c.json(meBody(requireActor(c.var.actor)), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/auth/tokens",
      tags: ["auth"],
      summary: "API tokens of the signed-in user",
      responses: { 200: json(z.object({ items: z.array(ZToken) })), ...problems(401) },
    }),
    async (c) => c.json(await listApiTokens({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/tokens",
      tags: ["auth"],
      summary: "Create an API token for integrations (shown once, stored hashed; signed-in sessions only)",
      request: body(ZCreateToken),
      responses: { 201: json(ZToken), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(await createApiToken({ db: c.var.db, actor: requireActor(c.var.actor), ...c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/auth/tokens/{id}",
      tags: ["auth"],
      summary: "Revoke an API token",
      request: { params: z.object({ id: ZUuid }) },
      responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await revokeApiToken({ db: c.var.db, actor: requireActor(c.var.actor), id: c.req.valid("param").id });
      return c.body(null, 204);
    },
  );
