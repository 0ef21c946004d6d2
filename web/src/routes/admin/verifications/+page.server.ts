import { fail } from "@sveltejs/kit";
import { call, createApi, failWith, must } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => ({
  pending: must(await call(createApi(event)["organization-verifications"].$get({ query: { limit: "100" } })), event)
    .items,
});

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get("id") ?? "");
    const decision = form.get("decision") === "REFUSED" ? "REFUSED" : "VERIFIED";
    const reason = String(form.get("reason") ?? "").trim();
    if (decision === "REFUSED" && !reason) return fail(400, { id, error: "reason" as const });
    const result = await call(
      createApi(event)["organization-verifications"][":id"].$post({
        param: { id },
        json: { decision, ...(reason ? { reason } : {}) },
      }),
    );
    if (!result.ok) return failWith(result, { id, error: "failed" as const });
    return { done: true };
  },
};
