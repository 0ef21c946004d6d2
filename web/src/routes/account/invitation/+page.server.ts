import { fail } from "@sveltejs/kit";
import { call, createApi } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get("token") ?? "" });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const token = String(form.get("token") ?? "");
    const name = String(form.get("name") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!name) return fail(400, { error: "required" as const, name });
    if (password.length < 10) return fail(400, { error: "short" as const, name });
    const result = await call(createApi(event).accounts.invitations.accept.$post({ json: { token, name, password } }));
    if (!result.ok)
      return fail(result.status, { error: result.status === 400 ? ("password" as const) : ("invalid" as const), name });
    return { done: true };
  },
};
