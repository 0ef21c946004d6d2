// The API's OpenAPI document, built from the app itself (no database, no server).
import { createApp } from "@zhongshi/api/app";

export const openApiDocument = async (): Promise<Record<string, unknown>> => {
  const app = createApp({
    db: {} as never,
    config: { allowedOrigins: [], secureCookies: false, noShowGraceMin: 30 },
  });
  const response = await app.request("/api/openapi.json");
  if (!response.ok) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
};
