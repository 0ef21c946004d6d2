import { fail } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Actions, PageServerLoad } from "./$types";

type Pending = {
  items: {
    id: string;
    nameZh: string;
    nameEn: string;
    uscc: string | null;
    createdAt: string;
    verificationNote: string | null;
  }[];
};

export const load: PageServerLoad = async (event) => ({
  pending: must(await createUntypedApi(event).get<Pending>("/organization-verifications", { limit: 100 }), event).items,
});

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get("id") ?? "");
    const decision = form.get("decision") === "REFUSED" ? "REFUSED" : "VERIFIED";
    const reason = String(form.get("reason") ?? "").trim();
    if (decision === "REFUSED" && !reason) return fail(400, { id, error: "reason" as const });
    const result = await createUntypedApi(event).post(`/organization-verifications/${encodeURIComponent(id)}`, {
      decision,
      ...(reason ? { reason } : {}),
    });
    if (!result.ok)
      return fail(result.status, {
        id,
        error: "failed" as const,
        detail: result.problem.detail ?? result.problem.code,
      });
    return { done: true };
  },
};
