import { fail } from "@sveltejs/kit";
import { call, createApi } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get("token") ?? "" });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const token = String(form.get("token") ?? "");
    const password = String(form.get("password") ?? "");
    if (password.length < 10) return fail(400, { error: "short" as const });
    const result = await call(createApi(event).accounts["password-reset"].$post({ json: { token, password } }));
    if (!result.ok) return fail(result.status, { error: "invalid" as const });
    return { done: true };
  },
};
