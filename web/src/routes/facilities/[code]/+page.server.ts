import { call, createApi, must } from "$lib/server/api";
import { RESOURCE_KINDS } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const kindParam = event.url.searchParams.get("kind") ?? "";
  const kind = RESOURCE_KINDS.find((k) => k === kindParam);
  const [facility, resources] = await Promise.all([
    call(api.facilities[":code"].$get({ param: { code: event.params.code } })),
    call(api.resources.$get({ query: { facility: event.params.code, kind, limit: "100" } })),
  ]);
  return { facility: must(facility, event), resources: must(resources, event).items, kind: kind ?? "" };
};
