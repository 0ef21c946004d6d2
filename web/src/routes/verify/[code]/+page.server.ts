import { call, createApi } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const result = await call(createApi(event).verify[":code"].$get({ param: { code: event.params.code } }));
  if (result.ok) return { code: event.params.code, report: result.data, problem: null };
  // A refused or unknown code must not be cached: the next try may succeed (rate limit) or be a typo.
  if (result.status === 429 || result.status === 404 || result.status === 400) {
    event.setHeaders({ "cache-control": "no-store" });
  }
  return { code: event.params.code, report: null, problem: { status: result.status, code: result.problem.code } };
};
