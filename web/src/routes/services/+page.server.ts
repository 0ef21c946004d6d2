import { call, createApi, must } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q")?.trim().slice(0, 100) ?? "";
  const result = must(await call(createApi(event)["test-services"].$get({ query: { q, limit: "50" } })), event);
  return { q, result };
};
