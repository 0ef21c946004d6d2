// DEPRECATED: the untyped client, kept only for the pages not yet moved to the typed one (createApi + call in
// ./api.ts). Each call asserts its result type; do not add callers. Delete this file when none are left.
import { getLocale } from "$lib/paraglide/runtime";
import type { Problem } from "$lib/types";
import { apiOrigin, portalOrigin, SESSION_COOKIE, type ApiEvent, type ApiResult } from "./api";

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

export const createUntypedApi = (event: ApiEvent) => {
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
