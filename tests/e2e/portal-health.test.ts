// The portal's own health route (web/src/routes/health): liveness of the portal process for process
// managers and load balancers, with the readiness of the API behind it as information. No browser needed.
import { describe, expect, inject, it } from "vitest";

describe("portal health", () => {
  it("answers 200 at /health while it serves, with the API's readiness, never cached", async () => {
    const response = await fetch(`${inject("portalUrl")}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: true, api: "ready" });
  });
});
