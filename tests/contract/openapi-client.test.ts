// A client generated from the OpenAPI document by a standard generator (openapi-typescript) type-checks,
// and its types say what the API answers: integrators are not tied to hono/client.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import openapiTS, { astToString } from "openapi-typescript";
import { openApiDocument } from "../openapi/document.ts";

const USAGE = `
import type { paths, components } from "./api";
type Booking = paths["/api/v1/bookings/{id}"]["get"]["responses"][200]["content"]["application/json"];
const status: Booking["status"] = "PENDING";
type Approve = paths["/api/v1/bookings/{id}/approve"]["post"];
const id: Approve["parameters"]["path"]["id"] = "00000000-0000-0000-0000-000000000000";
type Problem = components["schemas"]["Problem"];
const problem: Problem = { type: "about:blank", title: "Not found", status: 404, code: "NOT_FOUND", detail: "-" };
// @ts-expect-error not a booking status
const wrong: Booking["status"] = "DONE";
export { status, id, problem, wrong };
`;

describe("OpenAPI document", () => {
  it("gives every operation an operationId and a security requirement", async () => {
    const document = (await openApiDocument()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const operations = Object.entries(document.paths).flatMap(([p, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method} ${p}`, op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter(({ op }) => !op.operationId).map((o) => o.name)).toEqual([]);
    expect(operations.filter(({ op }) => !op.security).map((o) => o.name)).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("generates an openapi-typescript client that type-checks", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-openapi-ts-"));
    try {
      const ast = await openapiTS((await openApiDocument()) as never);
      writeFileSync(path.join(dir, "api.ts"), astToString(ast));
      writeFileSync(path.join(dir, "usage.ts"), USAGE);
      const tsc = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsc");
      const args = [
        "--noEmit",
        "--strict",
        "--target",
        "ES2022",
        "--module",
        "ESNext",
        "--moduleResolution",
        "Bundler",
      ];
      try {
        execFileSync(tsc, [...args, "usage.ts"], { encoding: "utf8", cwd: dir });
      } catch (error) {
        throw new Error(`tsc: ${(error as { stdout?: string }).stdout ?? String(error)}`, { cause: error });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
