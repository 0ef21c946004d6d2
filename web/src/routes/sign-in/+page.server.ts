import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, relayCookies } from "$lib/server/api";
import { safeNext } from "$lib/server/redirects";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const { locals, url } = event;
  const next = safeNext(url.searchParams.get("next"), url.origin);
  if (locals.me) redirect(303, next);
  // Demo accounts are listed only when the API runs in demo mode; their password is printed at start only.
  const demo = await call(createApi(event).auth["demo-accounts"].$get());
  return { next, expired: url.searchParams.has("expired"), demoAccounts: demo.ok ? demo.data.emails : [] };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const next = safeNext(form.get("next"), event.url.origin);
    if (!email || !password) return fail(400, { email, next, error: "required" as const });
    const result = await call(createApi(event).auth["sign-in"].$post({ json: { email, password } }));
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
