import { call, createApi, must } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

/** The resources of one managed facility (the first by default), searchable, a page at a time. */
export const load: PageServerLoad = async (event) => {
  const { managed } = await event.parent();
  const params = event.url.searchParams;
  const facility = managed.find((f) => f.code === params.get("facility")) ?? managed[0]!;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const cursor = params.get("cursor") ?? "";
  const page = must(
    await call(
      createApi(event).resources.$get({
        query: { facility: facility.code, limit: "50", ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) },
      }),
    ),
    event,
  );
  return { facility, q, resources: page.items, nextCursor: page.nextCursor };
};
