import { call, createApi, must } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const q = event.url.searchParams.get("q")?.trim() ?? "";
  const [facilities, search] = await Promise.all([
    call(api.facilities.$get()),
    q ? call(api.search.$get({ query: { q } })) : Promise.resolve(null),
  ]);
  return {
    facilities: must(facilities, event).items,
    q,
    results: search ? must(search, event) : null,
  };
};
