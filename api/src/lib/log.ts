import { pino, type Logger, type DestinationStream } from "pino";

export type { Logger };

/**
 * Fields that never reach a log line. Secrets sit in request headers (session cookie, bearer token), in
 * bodies (passwords, new tokens) and in feed URLs (the feed secret), so the paths cover each place,
 * one and two levels deep.
 */
export const REDACT_PATHS = [
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "token",
  "secret",
  "feedSecret",
  "cookie",
  "authorization",
  "headers.cookie",
  "headers.authorization",
  'headers["set-cookie"]',
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  "*.password",
  "*.newPassword",
  "*.currentPassword",
  "*.passwordHash",
  "*.token",
  "*.secret",
  "*.feedSecret",
  "*.cookie",
  "*.authorization",
  "*.sessionToken",
];

export type LoggerOptions = { level?: string; pretty?: boolean; destination?: DestinationStream };

/**
 * JSON lines by default (what log shippers read); pino-pretty when NODE_ENV=development or LOG_PRETTY=1.
 * LOG_LEVEL sets the level; under Vitest the default is silent so test output stays readable.
 */
export const createLogger = ({
  level = process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  pretty = process.env.NODE_ENV === "development" || process.env.LOG_PRETTY === "1",
  destination,
}: LoggerOptions = {}): Logger => {
  const options = {
    level,
    base: { service: "zhongshi-api" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  if (destination) return pino(options, destination);
  if (pretty)
    return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "SYS:standard" } } });
  return pino(options);
};

/** The process-wide logger; requests log through a child that carries their request id. */
export const logger = createLogger();
