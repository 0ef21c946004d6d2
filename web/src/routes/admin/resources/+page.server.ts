import { call, createApi, must } from "$lib/server/api";
import type { Page, Resource } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const items: Resource[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Resource> = must(
      await call(api.resources.$get({ query: { limit: "100", cursor: cursor ?? undefined } })),
      event,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 1000);
  return { resources: items };
};
