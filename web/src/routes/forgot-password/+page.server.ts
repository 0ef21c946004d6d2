import { fail } from "@sveltejs/kit";
import { call, createApi } from "$lib/server/api";
import type { Actions } from "./$types";

export const actions: Actions = {
  default: async (event) => {
    const email = String((await event.request.formData()).get("email") ?? "").trim();
    if (!email) return fail(400, { email, error: "required" as const });
    const result = await call(createApi(event).accounts["password-reset-requests"].$post({ json: { email } }));
    if (!result.ok && result.status === 429) return fail(429, { email, error: "rate_limited" as const });
    // The same answer whether the address exists or not.
    return { done: true };
  },
};
