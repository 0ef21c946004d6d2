// How a search for a test is read: standard numbers compared without spaces or case ("gb38031" finds
// "GB 38031-2025"), and a few umbrella words that scopes never use literally expanded to the items they mean.

/** Umbrella terms of the field and the item words a scope line uses instead. */
const SYNONYMS: Record<string, string[]> = {
  重金属: ["重金属", "铅", "镉", "汞", "砷", "铬", "heavy metal"],
  "heavy metal": ["heavy metal", "重金属", "lead", "cadmium", "mercury", "arsenic"],
  emc: ["emc", "电磁兼容", "抗扰度", "发射"],
  电磁兼容: ["电磁兼容", "emc"],
  保质期: ["保质期", "shelf life", "shelf-life"],
  "shelf life": ["shelf life", "shelf-life", "保质期"],
  rohs: ["rohs", "限用物质"],
};

/** Lower-cased, without whitespace: the form both the query and standard numbers are compared in. */
export const compact = (text: string) => text.toLowerCase().replace(/\s+/g, "");

/** True when the query looks like a standard number (GB, GB/T, HJ, NB/T, YY … followed by digits). */
export const looksLikeStandard = (query: string) => /^[a-z]{1,4}(\/[a-z])?\s*\d/i.test(query.trim());

/**
 * The terms a query expands to, each matched as a substring of a scope line's item, product or standard title
 * (or, compacted, of its standard number). Empty or whitespace-only queries give no terms.
 */
export const searchTerms = (query: string): string[] => {
  const q = query.trim().toLowerCase().replace(/\s+/g, " ");
  if (!q) return [];
  const expanded = SYNONYMS[q] ?? [q];
  return [...new Set(expanded)];
};
