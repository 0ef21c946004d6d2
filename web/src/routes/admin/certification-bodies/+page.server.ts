import { createApi, must } from "$lib/server/api";
import type { CertificationBody, Page } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const items: CertificationBody[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<CertificationBody> = must(await api.get<Page<CertificationBody>>("/certification-bodies", { limit: 100, cursor }), event);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 1000);
  return { bodies: items };
};
