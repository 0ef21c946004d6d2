import { fail } from "@sveltejs/kit";
import { createApi, must } from "$lib/server/api";
import type { Page, Resource } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const items: Resource[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Resource> = must(await api.get<Page<Resource>>("/resources", { limit: 100, cursor }), event);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 1000);
  return { resources: items };
};

export const actions: Actions = {
  update: async (event) => {
    const form = await event.request.formData();
    const code = String(form.get("code") ?? "");
    const yuan = (name: string) => Math.round(Number(form.get(name) ?? 0) * 100);
    const body = { status: String(form.get("status") ?? "ACTIVE"), priceInternalFen: yuan("priceInternal"), priceExternalFen: yuan("priceExternal") };
    if (!Number.isFinite(body.priceInternalFen) || !Number.isFinite(body.priceExternalFen) || body.priceInternalFen < 0 || body.priceExternalFen < 0) return fail(400, { code, problem: "price" });
    const result = await createApi(event).patch(`/resources/${encodeURIComponent(code)}`, body);
    if (!result.ok) return fail(result.status, { code, problem: result.problem.detail ?? result.problem.code });
    return { saved: code };
  },
};
