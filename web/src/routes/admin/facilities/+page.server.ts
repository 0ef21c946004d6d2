import { fail } from "@sveltejs/kit";
import { createApi, must } from "$lib/server/api";
import type { Facility } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => ({ facilities: must(await createApi(event).get<{ items: Facility[] }>("/facilities"), event).items });

const fields = ["code", "kind", "nameZh", "nameEn", "summaryZh", "summaryEn"] as const;

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const values = Object.fromEntries(fields.map((field) => [field, String(form.get(field) ?? "").trim()]));
    const result = await createApi(event).post("/facilities", values);
    if (!result.ok) return fail(result.status, { values, problem: result.problem.detail ?? result.problem.code, errors: result.problem.errors ?? [] });
    return { created: values.code };
  },
};
