import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Page, Resource } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createUntypedApi(event);
  const items: Resource[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Resource> = must(await api.get<Page<Resource>>("/resources", { limit: 100, cursor }), event);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 1000);
  return { resources: items };
};
