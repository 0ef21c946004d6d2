/** [now, now + days) as RFC 3339 instants, for availability queries. */
export const windowFromNow = (days: number, now = new Date()) => ({
  from: now.toISOString(),
  to: new Date(now.getTime() + days * 24 * 3600_000).toISOString(),
});
