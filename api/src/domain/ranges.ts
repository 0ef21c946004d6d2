/** A half-open time range [start, end) in epoch milliseconds. */
export type Range = { start: number; end: number };

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const isEmpty = (r: Range) => r.end <= r.start;

/**
 * Half-open: ranges that only touch (a.end === b.start) do not overlap, so back-to-back bookings are allowed.
 * An empty range overlaps nothing, as in PostgreSQL's `&&`.
 */
export const overlaps = (a: Range, b: Range) => a.start < b.end && b.start < a.end && !isEmpty(a) && !isEmpty(b);

/** Sorted, disjoint ranges. Touching ranges coalesce too, so a window open until 24:00 joins the next day's. */
export const merge = (ranges: readonly Range[]): Range[] => {
  const sorted = ranges.filter((r) => !isEmpty(r)).sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
};

/** The parts of `from` not covered by any range of `minus`. */
export const subtract = (from: readonly Range[], minus: readonly Range[]): Range[] => {
  const cuts = merge(minus);
  const out: Range[] = [];
  for (const r of merge(from)) {
    let cursor = r.start;
    for (const c of cuts) {
      if (c.end <= cursor) continue;
      if (c.start >= r.end) break;
      if (c.start > cursor) out.push({ start: cursor, end: c.start });
      cursor = Math.max(cursor, c.end);
      if (cursor >= r.end) break;
    }
    if (cursor < r.end) out.push({ start: cursor, end: r.end });
  }
  return out;
};

/** The time covered by both `a` and `b`. */
export const intersect = (a: readonly Range[], b: readonly Range[]): Range[] => {
  const left = merge(a);
  const right = merge(b);
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const l = left[i]!;
    const r = right[j]!;
    const start = Math.max(l.start, r.start);
    const end = Math.min(l.end, r.end);
    if (start < end) out.push({ start, end });
    if (l.end < r.end) i++;
    else j++;
  }
  return out;
};

export const clip = (ranges: readonly Range[], window: Range): Range[] => intersect(ranges, [window]);

export const totalDuration = (ranges: readonly Range[]): number =>
  merge(ranges).reduce((sum, r) => sum + (r.end - r.start), 0);

/** True when `inner` lies entirely inside one range of `outer` (after merging, so adjacent windows count as one). */
export const isCovered = (inner: Range, outer: readonly Range[]): boolean =>
  merge(outer).some((o) => o.start <= inner.start && inner.end <= o.end);
