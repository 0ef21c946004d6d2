import { createUntypedApi } from "$lib/server/legacy-api";
import type { ReportVerification } from "$lib/orders";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const result = await createUntypedApi(event).get<ReportVerification>(
    `/verify/${encodeURIComponent(event.params.code)}`,
  );
  if (result.ok) return { code: event.params.code, report: result.data, problem: null };
  if (result.status === 429 || result.status === 404 || result.status === 400) {
    event.setHeaders({ "cache-control": "no-store" });
    return { code: event.params.code, report: null, problem: { status: result.status, code: result.problem.code } };
  }
  return { code: event.params.code, report: null, problem: { status: result.status, code: result.problem.code } };
};
