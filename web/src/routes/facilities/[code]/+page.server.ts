import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { RESOURCE_KINDS, type Facility, type Page, type Resource, type ResourceKind } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createUntypedApi(event);
  const code = encodeURIComponent(event.params.code);
  const kindParam = event.url.searchParams.get("kind") ?? "";
  const kind = (RESOURCE_KINDS as readonly string[]).includes(kindParam) ? (kindParam as ResourceKind) : undefined;
  const [facility, resources] = await Promise.all([
    api.get<Facility>(`/facilities/${code}`),
    api.get<Page<Resource>>("/resources", { facility: event.params.code, kind, limit: 100 }),
  ]);
  return { facility: must(facility, event), resources: must(resources, event).items, kind: kind ?? "" };
};
