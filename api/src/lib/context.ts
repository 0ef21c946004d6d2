import type { ApiTokenScope } from "../enums.ts";
import type { Db } from "./db.ts";
import type { Logger } from "./log.ts";

/** Who is calling, resolved once per request from the session cookie or an API token. */
export type Actor = {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** Organizations the user books for (any membership). */
  organizationIds: string[];
  /** The same organizations with their names, for "booking for" choices. */
  organizations: { id: string; nameZh: string; nameEn: string }[];
  /** Organizations the user administers (ORG_ADMIN membership): invites members, approves requests. */
  administeredOrganizationIds?: string[];
  /** Certification bodies the user works for (BODY_STAFF); loaded by the order use cases that need it. */
  staffBodyIds?: string[];
  /** Facilities whose bookings the user decides. */
  managedFacilityIds: string[];
  via: "session" | "token";
  /** What an API token may do: READ_ONLY tokens are refused on every unsafe method. */
  tokenScope?: ApiTokenScope;
};

/**
 * A session cookie seen recently, whose actor this request uses before the database confirmed it. Only routes
 * that confirm it themselves get one (see resolveActor's `confirmedByUseCase`): the use case reads the session
 * in the statement it sends first (auth's sessionActorJson) and passes that to confirmSession before it acts.
 */
export type PendingSession = {
  /** The session's id (sha256 of the cookie). */
  id: string;
  /** The actor as the session last resolved to, in this process. */
  actor: Actor;
  /** Set once a statement of this request found the session live with this very actor. */
  confirmed: boolean;
};

export type AppConfig = {
  /** Origins allowed to send cookie-authenticated unsafe requests (the portal's). */
  allowedOrigins: string[];
  secureCookies: boolean;
  /** Minutes after a booking's start before an unattended booking may be marked NO_SHOW. */
  noShowGraceMin: number;
  /** The development mailbox (.eml files) when no SMTP server is configured; the portal lists it. */
  mailDir?: string | undefined;
  /**
   * Peers whose X-Forwarded-For names the client (the portal, a TLS-terminating proxy). Default: loopback,
   * where the portal runs beside the API.
   */
  trustedProxies?: string[];
  /** Demo mode: the demo accounts the sign-in page may list. Absent outside demo mode. */
  demoAccounts?: string[];
  /** Send Strict-Transport-Security (when the public origin is https). */
  hsts?: boolean;
};

export type AppEnv = {
  Variables: {
    db: Db;
    config: AppConfig;
    actor: Actor | null;
    /** Set instead of a session lookup on routes whose use case confirms the session itself. */
    pendingSession: PendingSession | undefined;
    /** From X-Request-Id when the caller sent a sane one, generated otherwise; on every log line and problem. */
    requestId: string;
    log: Logger;
  };
};
