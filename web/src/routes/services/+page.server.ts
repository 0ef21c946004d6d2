import { createApi, must } from "$lib/server/api";
import type { ServiceSearchResult } from "$lib/orders";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q")?.trim().slice(0, 100) ?? "";
  const result = must(await createApi(event).get<ServiceSearchResult>("/test-services", { q, limit: 50 }), event);
  return { q, result };
};
