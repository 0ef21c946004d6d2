// The browser's typed client: the API's routes through the portal's same-origin proxy (/api/* in
// hooks.server.ts), so the session cookie travels and no CORS is involved. Server code uses $lib/server/api.
import { hc } from "hono/client";
import type { ApiRoutes } from "@zhongshi/api/contract";

export const browserApi = hc<ApiRoutes>("/api/v1");
