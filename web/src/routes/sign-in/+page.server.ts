import { fail, redirect } from "@sveltejs/kit";
import { relayCookies } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { safeNext } from "$lib/server/redirects";
import type { Me } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get("next"));
  if (locals.me) redirect(303, next);
  return { next, expired: url.searchParams.has("expired") };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const next = safeNext(form.get("next"));
    if (!email || !password) return fail(400, { email, next, error: "required" as const });
    const result = await createUntypedApi(event).post<Me>("/auth/sign-in", { email, password });
    if (!result.ok) {
      const error =
        result.status === 429
          ? ("rate_limited" as const)
          : result.status === 401 || result.status === 400
            ? ("invalid" as const)
            : ("unavailable" as const);
      return fail(result.status, { email, next, error });
    }
    relayCookies(result.headers, event.cookies);
    redirect(303, next);
  },
};
