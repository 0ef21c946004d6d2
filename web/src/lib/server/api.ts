// The one place where the portal's server talks to the API. It forwards the user's session cookie,
// sends the portal's own origin (the API refuses cookie-authenticated POSTs from other origins) and
// turns RFC 9457 problems into values the load functions and actions can act on.
import { env } from "$env/dynamic/private";
import { error, fail, redirect, type Cookies, type RequestEvent } from "@sveltejs/kit";
import { getLocale } from "$lib/paraglide/runtime";
import { hc, type ClientResponse } from "hono/client";
import type { ApiRoutes } from "@zhongshi/api/contract";
import type { Problem } from "$lib/types";
import { problemMessage, shownProblem } from "$lib/problem-message";
import { currentLanguage } from "$lib/i18n";

export const SESSION_COOKIE = "zs_session";

export const apiOrigin = () => (env.API_ORIGIN ?? "http://127.0.0.1:3100").replace(/\/$/, "");
export const portalOrigin = (url: URL) => (env.ORIGIN ?? url.origin).replace(/\/$/, "");

export type ApiEvent = Pick<RequestEvent, "cookies" | "url" | "getClientAddress">;

export type ApiResult<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | { ok: false; status: number; problem: Problem; headers: Headers };

const clientAddress = (event: ApiEvent) => {
  try {
    return event.getClientAddress();
  } catch {
    return undefined;
  }
};

/** fetch for the typed client: the user's session, the portal's origin, the client's address and language. */
const forwardingFetch =
  (event: ApiEvent): typeof fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("accept", "application/json");
    headers.set("origin", portalOrigin(event.url));
    headers.set("accept-language", getLocale());
    const session = event.cookies.get(SESSION_COOKIE);
    if (session) headers.set("cookie", `${SESSION_COOKIE}=${session}`);
    const ip = clientAddress(event);
    if (ip) headers.set("x-forwarded-for", ip);
    return fetch(input, { ...init, headers });
  };

/**
 * The API as a typed client (hono/client over the API's route types): paths, params, query, bodies and
 * answers are all checked by the compiler. Wrap each request in `call()` to get an ApiResult.
 */
export const createApi = (event: ApiEvent) => hc<ApiRoutes>(`${apiOrigin()}/api/v1`, { fetch: forwardingFetch(event) });

export type Api = ReturnType<typeof createApi>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** Reads an RFC 9457 body defensively: whatever arrives, the portal gets a Problem with a status and a code. */
const toProblem = (status: number, body: unknown): Problem => {
  if (isRecord(body) && typeof body.code === "string") return { ...body, status, code: body.code };
  return { status, code: `HTTP_${status}` };
};

const unreachable = (): ApiResult<never> => ({
  ok: false,
  status: 503,
  headers: new Headers(),
  problem: { status: 503, code: "API_UNREACHABLE", title: "API unreachable" },
});

/** Sends a typed request and turns its answer into data or a problem; the data's type is the route's. */
export const call = async <T>(request: Promise<ClientResponse<T, number, "json">>): Promise<ApiResult<T>> => {
  let response: ClientResponse<T, number, "json">;
  try {
    response = await request;
  } catch {
    return unreachable();
  }
  if (response.ok) return { ok: true, status: response.status, data: await response.json(), headers: response.headers };
  return failed(response);
};

/** For routes that answer 204 No Content (removals): `data` is null, a refusal is a problem as with `call()`. */
export const callNoContent = async (
  request: Promise<ClientResponse<unknown, number, string>>,
): Promise<ApiResult<null>> => {
  let response: ClientResponse<unknown, number, string>;
  try {
    response = await request;
  } catch {
    return unreachable();
  }
  if (response.ok) return { ok: true, status: response.status, data: null, headers: response.headers };
  return failed(response);
};

const failed = async (response: Response): Promise<ApiResult<never>> => {
  const type = response.headers.get("content-type") ?? "";
  const body: unknown = type.includes("json") ? await response.text().then(parseJson) : null;
  return { ok: false, status: response.status, problem: toProblem(response.status, body), headers: response.headers };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** Where to send someone whose session is missing or expired, so they come back to `url` afterwards. */
export const signInUrl = (url: URL) => `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`;

/**
 * For load functions: the data, or the page the failure deserves: sign-in for 401, Kit's error page otherwise.
 */
export const must = <T>(result: ApiResult<T>, event: Pick<RequestEvent, "url">): T => {
  if (result.ok) return result.data;
  if (result.status === 401) redirect(303, signInUrl(event.url));
  error(result.status >= 400 && result.status < 600 ? result.status : 502, {
    message: problemMessage(shownProblem(result.problem), currentLanguage()),
    code: result.problem.code,
  });
};

/**
 * For form actions: the API's refusal, reduced to what <ProblemNotice> shows (code, field errors, params), with
 * the page's own values beside it. The message is chosen by the page in the user's language, never the API's text.
 */
export const failWith = <T extends object>(result: { status: number; problem: Problem }, values: T) =>
  fail(result.status, { ...values, problem: shownProblem(result.problem) });

/** Copies the API's Set-Cookie (the session) onto the portal's response. */
export const relayCookies = (headers: Headers, cookies: Cookies) => {
  for (const line of headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(";").map((part) => part.trim());
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = decodeURIComponent(pair.slice(eq + 1));
    const options: Parameters<Cookies["set"]>[2] = { path: "/", httpOnly: false, secure: false };
    for (const attribute of attributes) {
      const [key = "", raw = ""] = attribute.split("=");
      const k = key.toLowerCase();
      if (k === "path") options.path = raw;
      else if (k === "expires") options.expires = new Date(raw);
      else if (k === "max-age") options.maxAge = Number(raw);
      else if (k === "httponly") options.httpOnly = true;
      else if (k === "secure") options.secure = true;
      else if (k === "samesite") options.sameSite = raw.toLowerCase() as "lax" | "strict" | "none";
    }
    if (options.maxAge === 0 || (options.expires && options.expires.getTime() < Date.now()))
      cookies.delete(name, { path: options.path ?? "/" });
    else cookies.set(name, value, options);
  }
};
