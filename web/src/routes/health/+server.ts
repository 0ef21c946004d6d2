import { json } from "@sveltejs/kit";
import { apiOrigin } from "$lib/server/api";

/**
 * The portal's own health route for process managers and load balancers: 200 whenever this process
 * serves. `api` tells whether the API behind it is ready, without failing the portal's liveness on it.
 */
export const GET = async () => {
  let api: "ready" | "not-ready" | "unreachable" = "unreachable";
  try {
    // /api/ready lives outside /api/v1, so it is not part of the typed client's routes.
    // eslint-disable-next-line no-restricted-syntax
    const response = await fetch(`${apiOrigin()}/api/ready`, { signal: AbortSignal.timeout(2_000) });
    api = response.ok ? "ready" : "not-ready";
  } catch {
    // the API is down or slow: reported, not fatal for the portal
  }
  return json({ ok: true, api }, { headers: { "cache-control": "no-store" } });
};
