// One access rule (#10): whether an actor may do something is asked of api/src/modules/access, never read off
// the actor. This test fails when a use case outside that module reads the actor's role fields (`isAdmin`,
// `managedFacilityIds`, `administeredOrganizationIds`, `staffBodyIds`). Fix a failure by naming a permission in
// PERMISSIONS (access.ts) and asking `requireAccess` / `can`, or a scope function there for a list.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
/** Where the actor is described (context.ts) and judged (access). */
const ALLOWED = /^api\/src\/(modules\/access\/|lib\/context\.ts$)|(^|\/)generated\/|\.test\.ts$/;
const ROLE_READ = /\.\s*(isAdmin|managedFacilityIds|administeredOrganizationIds|staffBodyIds)\b/;

const sourceFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return rel.endsWith(".ts") ? [rel] : [];
  });

describe("one access rule", () => {
  it("reads no role off the actor outside modules/access", () => {
    const files = sourceFiles("api/src").filter((file) => !ALLOWED.test(file));
    expect(files.length).toBeGreaterThan(50);
    const reads = files.flatMap((file) =>
      readFileSync(path.join(root, file), "utf8")
        .split("\n")
        .flatMap((line, index) => (ROLE_READ.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(reads).toEqual([]);
  });
});
