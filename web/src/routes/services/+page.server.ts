import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { ServiceSearchResult } from "$lib/orders";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q")?.trim().slice(0, 100) ?? "";
  const result = must(
    await createUntypedApi(event).get<ServiceSearchResult>("/test-services", { q, limit: 50 }),
    event,
  );
  return { q, result };
};
