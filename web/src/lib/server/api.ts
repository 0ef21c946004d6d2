// The one place where the portal's server talks to the API. It forwards the user's session cookie,
// sends the portal's own origin (the API refuses cookie-authenticated POSTs from other origins) and
// turns RFC 9457 problems into values the load functions and actions can act on.
import { env } from "$env/dynamic/private";
import { error, redirect, type Cookies, type RequestEvent } from "@sveltejs/kit";
import { getLocale } from "$lib/paraglide/runtime";
import type { Problem } from "$lib/types";

export const SESSION_COOKIE = "zs_session";

export const apiOrigin = () => (env.API_ORIGIN ?? "http://127.0.0.1:3100").replace(/\/$/, "");
export const portalOrigin = (url: URL) => (env.ORIGIN ?? url.origin).replace(/\/$/, "");

export type ApiEvent = Pick<RequestEvent, "cookies" | "url" | "getClientAddress">;

export type ApiResult<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | { ok: false; status: number; problem: Problem; headers: Headers };

type Query = Record<string, string | number | boolean | undefined | null>;

const toQuery = (query?: Query) => {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
};

const clientAddress = (event: ApiEvent) => {
  try {
    return event.getClientAddress();
  } catch {
    return undefined;
  }
};

export const createApi = (event: ApiEvent) => {
  const send = async <T>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown; raw?: Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<ApiResult<T>> => {
    const headers: Record<string, string> = {
      accept: "application/json",
      origin: portalOrigin(event.url),
      "accept-language": getLocale(),
      ...options.headers,
    };
    const session = event.cookies.get(SESSION_COOKIE);
    if (session) headers.cookie = `${SESSION_COOKIE}=${session}`;
    const ip = clientAddress(event);
    if (ip) headers["x-forwarded-for"] = ip;
    if (options.body !== undefined && !options.raw) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(`${apiOrigin()}/api/v1${path}${toQuery(options.query)}`, {
        method,
        headers,
        body: options.raw
          ? new Blob([options.raw as Uint8Array<ArrayBuffer>])
          : options.body === undefined
            ? undefined
            : JSON.stringify(options.body),
      });
    } catch {
      return {
        ok: false,
        status: 503,
        headers: new Headers(),
        problem: { status: 503, code: "API_UNREACHABLE", title: "API unreachable" },
      };
    }
    if (response.status === 204) return { ok: true, status: 204, data: undefined as T, headers: response.headers };
    const type = response.headers.get("content-type") ?? "";
    const body: unknown = type.includes("json") ? await response.json().catch(() => null) : await response.text();
    if (response.ok) return { ok: true, status: response.status, data: body as T, headers: response.headers };
    const problem = (
      body && typeof body === "object" ? body : { status: response.status, code: "HTTP_" + response.status }
    ) as Problem;
    return { ok: false, status: response.status, problem, headers: response.headers };
  };

  return {
    get: <T>(path: string, query?: Query) => send<T>("GET", path, { query }),
    post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
      send<T>("POST", path, { body: body ?? {}, headers }),
    patch: <T>(path: string, body: unknown) => send<T>("PATCH", path, { body }),
    put: <T>(path: string, body: unknown) => send<T>("PUT", path, { body }),
    delete: <T>(path: string) => send<T>("DELETE", path),
    /** A file's raw bytes as the body (uploads); the API checks the type from the bytes themselves. */
    upload: <T>(method: "POST" | "PUT", path: string, bytes: Uint8Array, contentType: string, query?: Query) =>
      send<T>(method, path, { raw: bytes, query, headers: { "content-type": contentType } }),
  };
};

export type Api = ReturnType<typeof createApi>;

/** Where to send someone whose session is missing or expired, so they come back to `url` afterwards. */
export const signInUrl = (url: URL) => `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`;

/**
 * For load functions: the data, or the page the failure deserves: sign-in for 401, Kit's error page otherwise.
 */
export const must = <T>(result: ApiResult<T>, event: Pick<RequestEvent, "url">): T => {
  if (result.ok) return result.data;
  if (result.status === 401) redirect(303, signInUrl(event.url));
  error(result.status >= 400 && result.status < 600 ? result.status : 502, {
    message: result.problem.detail ?? result.problem.title ?? result.problem.code,
    code: result.problem.code,
  });
};

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
