import { fail } from "@sveltejs/kit";
import { call, createApi } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

// Verification happens on a POST: mail scanners that follow links must not use the one-time token up.
export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get("token") ?? "" });

export const actions: Actions = {
  default: async (event) => {
    const token = String((await event.request.formData()).get("token") ?? "");
    const result = await call(createApi(event).accounts["email-verification"].$post({ json: { token } }));
    if (!result.ok) return fail(result.status, { error: "invalid" as const });
    return { done: true };
  },
};
