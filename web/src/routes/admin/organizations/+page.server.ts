import { fail } from "@sveltejs/kit";
import { createApi, must } from "$lib/server/api";
import type { Page } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export type Organization = { id: string; kind: string; nameZh: string; nameEn: string; uscc: string | null; isSample: boolean; memberCount: number };

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q") ?? "";
  const page = must(await createApi(event).get<Page<Organization>>("/organizations", { q, limit: 100 }), event);
  return { organizations: page.items, q };
};

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const values = { kind: String(form.get("kind") ?? "SME"), nameZh: String(form.get("nameZh") ?? "").trim(), nameEn: String(form.get("nameEn") ?? "").trim(), uscc: String(form.get("uscc") ?? "").trim().toUpperCase() };
    const result = await createApi(event).post("/organizations", { ...values, uscc: values.uscc || undefined });
    if (!result.ok) return fail(result.status, { values, problem: result.problem.detail ?? result.problem.code });
    return { created: values.nameZh };
  },
};
