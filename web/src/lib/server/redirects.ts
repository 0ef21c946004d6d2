/** Only same-site paths may be used as a post-sign-in destination (no open redirects). */
export const safeNext = (value: unknown, fallback = "/") =>
  typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\")
    ? value
    : fallback;
