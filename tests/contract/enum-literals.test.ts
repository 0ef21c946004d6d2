// Each enumeration has one source: prisma/schema.prisma for database enums, api/src/enums.ts for the rest
// and for the named subsets (statuses that hold a unit, statuses counted as used). This test fails when any
// of those lists is spelled out again in source (array literal, union type, SQL IN list), in any order.
// Fix a failure by importing from `@zhongshi/api/enums` (values) or `@zhongshi/api/contract` (types), or in
// SQL by `sqlList(ACTIVE_STATUSES)` from api/src/lib/sql.ts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCREDITATIONS, ACTIVE_STATUSES, CERT_DOMAINS, USED_STATUSES } from "../../api/src/enums.ts";

const root = path.resolve(import.meta.dirname, "../..");

/** Lists with one source each: every enum of schema.prisma, plus the ones api/src/enums.ts defines. */
const lists = (): Map<string, string[]> => {
  const schema = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
  const found = new Map<string, string[]>();
  for (const [, name, body] of schema.matchAll(/^enum (\w+) \{([^}]*)\}/gm)) {
    const values = body!
      .split("\n")
      .map((line) => line.replace(/\/\/.*$/, "").trim())
      .filter(Boolean);
    found.set(name!, values);
  }
  found.set("CERT_DOMAINS", [...CERT_DOMAINS]);
  found.set("ACCREDITATIONS", [...ACCREDITATIONS]);
  found.set("ACTIVE_STATUSES", [...ACTIVE_STATUSES]);
  found.set("USED_STATUSES", [...USED_STATUSES]);
  return found;
};

const SCANNED = ["api/src", "web/src", "seeds"];
const SKIPPED = /(^|\/)(node_modules|generated|paraglide)(\/|$)|\.test\.ts$|^api\/src\/enums\.ts$/;
/** Files exempt from the check while someone rewrites them. Empty: every list comes from its source. */
export const TEMPORARY_ALLOWLIST: string[] = [];

const sourceFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (SKIPPED.test(rel)) return [];
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return /\.(ts|svelte)$/.test(name) ? [rel] : [];
  });

/** Runs of two or more quoted words joined by `,` or `|`: array literals, union types, SQL IN lists. */
const LITERAL_RUN = /(["'])(\w+)\1(?:\s*[,|]\s*(["'])\w+\3)+/g;

export const findDuplicateLists = (files: { file: string; text: string }[]) => {
  const known = [...lists()].map(([name, values]) => ({ name, key: [...values].sort().join(",") }));
  const hits: string[] = [];
  for (const { file, text } of files) {
    for (const match of text.matchAll(LITERAL_RUN)) {
      const key = [...new Set([...match[0].matchAll(/["'](\w+)["']/g)].map((m) => m[1]))].sort().join(",");
      const list = known.find((k) => k.key === key);
      if (!list) continue;
      const line = text.slice(0, match.index).split("\n").length;
      hits.push(`${file}:${line} spells out ${list.name} (${match[0]}); import it from @zhongshi/api/enums instead`);
    }
  }
  return hits;
};

describe("one source per enumeration", () => {
  it("finds no enum's literal list outside its source", () => {
    const files = SCANNED.flatMap(sourceFiles)
      .filter((file) => !TEMPORARY_ALLOWLIST.some((allowed) => file.startsWith(allowed)))
      .map((file) => ({ file, text: readFileSync(path.join(root, file), "utf8") }));
    expect(files.length).toBeGreaterThan(50);
    expect(findDuplicateLists(files)).toEqual([]);
  });

  it("catches a copied list in any order and in SQL", () => {
    const hits = findDuplicateLists([
      {
        file: "a.ts",
        text: `const s = ["APPROVED", "PENDING", "REJECTED", "CANCELLED", "CHECKED_IN", "COMPLETED", "NO_SHOW", "EXPIRED"];`,
      },
      { file: "b.ts", text: "sql`WHERE status IN ('PENDING', 'APPROVED', 'CHECKED_IN')`" },
      { file: "c.ts", text: `type K = "BASE" | "CENTER";` },
      { file: "d.ts", text: `const ok = ["PENDING", "APPROVED"];` },
    ]);
    expect(hits.map((h) => h.split(" ")[3])).toEqual(["BookingStatus", "ACTIVE_STATUSES", "FacilityKind"]);
  });
});
