import { createApi, must } from "$lib/server/api";
import type { CertificationBody, Facility, Resource } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const q = event.url.searchParams.get("q")?.trim() ?? "";
  const [facilities, search] = await Promise.all([
    api.get<{ items: Facility[] }>("/facilities"),
    q
      ? api.get<{ resources: Resource[]; certificationBodies: CertificationBody[] }>("/search", { q })
      : Promise.resolve(null),
  ]);
  return {
    facilities: must(facilities, event).items,
    q,
    results: search ? must(search, event) : null,
  };
};
