/**
 * The post-sign-in destination, accepted only when it resolves to the portal's own origin (no open
 * redirects). Decided by URL parsing, the way the browser will read it, after refusing what parsers and
 * browsers treat differently: control characters (browsers drop tab and newline, so `/\t/evil.example`
 * becomes `//evil.example`) and backslashes (read as `/`). Only the path, query and fragment are returned.
 */
export const safeNext = (value: unknown, origin: string, fallback = "/") => {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]/.test(value) || !value.startsWith("/")) return fallback;
  let url: URL;
  let own: URL;
  try {
    own = new URL(origin);
    url = new URL(value, own);
  } catch {
    return fallback;
  }
  if (url.origin !== own.origin || url.username || url.password) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
};
