import type { Handle } from "@sveltejs/kit";
import { sequence } from "@sveltejs/kit/hooks";
import { paraglideMiddleware } from "$lib/paraglide/server";
import { apiOrigin, call, createApi, SESSION_COOKIE } from "$lib/server/api";
import { env } from "$env/dynamic/private";

// Hop-by-hop headers and the ones fetch computes itself must not be copied through the proxy.
const DROP_REQUEST = ["host", "connection", "keep-alive", "transfer-encoding", "upgrade", "expect", "content-length"];
const DROP_RESPONSE = ["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"];

/** The browser sees one origin: /api/* goes to the API unchanged, the answer streams back. */
const proxyApi: Handle = async ({ event, resolve }) => {
  if (!event.url.pathname.startsWith("/api/")) return resolve(event);
  const headers = new Headers(event.request.headers);
  for (const name of DROP_REQUEST) headers.delete(name);
  try {
    headers.set("x-forwarded-for", event.getClientAddress());
  } catch {
    /* no client address (prerendering) */
  }
  headers.set("x-forwarded-host", event.url.host);
  headers.set("x-forwarded-proto", event.url.protocol.replace(":", ""));
  const method = event.request.method;
  const hasBody = method !== "GET" && method !== "HEAD";
  let upstream: Response;
  try {
    upstream = await fetch(`${apiOrigin()}${event.url.pathname}${event.url.search}`, {
      method,
      headers,
      body: hasBody ? event.request.body : undefined,
      redirect: "manual",
      // @ts-expect-error Node's fetch needs this to stream a request body.
      duplex: hasBody ? "half" : undefined,
    });
  } catch {
    return new Response(JSON.stringify({ status: 502, code: "API_UNREACHABLE", title: "The API cannot be reached" }), {
      status: 502,
      headers: { "content-type": "application/problem+json" },
    });
  }
  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROP_RESPONSE.includes(name) && name !== "set-cookie") responseHeaders.set(name, value);
  });
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append("set-cookie", cookie);
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
};

const hsts = () => (env.ORIGIN ?? env.PUBLIC_ORIGIN ?? "").startsWith("https:");

/**
 * Headers on every portal page (the Content-Security-Policy itself comes from kit.csp). Answers proxied
 * from the API keep the API's own headers.
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  if (event.url.pathname.startsWith("/api/")) return response;
  try {
    response.headers.set("X-Content-Type-Options", "nosniff");
    response.headers.set("Referrer-Policy", "same-origin");
    response.headers.set("X-Frame-Options", "DENY");
    if (hsts()) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  } catch {
    // a response with immutable headers (fetched) is left as it came
  }
  return response;
};

const localize: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ request, locale }) => {
    event.request = request;
    return resolve(event, { transformPageChunk: ({ html }) => html.replace("%paraglide.lang%", locale) });
  });

/** Who is signed in, asked of the API once per page request. */
const identify: Handle = async ({ event, resolve }) => {
  event.locals.me = null;
  if (event.cookies.get(SESSION_COOKIE)) {
    const result = await call(createApi(event).auth.me.$get());
    if (result.ok) event.locals.me = result.data;
  }
  return resolve(event);
};

export const handle = sequence(securityHeaders, proxyApi, localize, identify);
