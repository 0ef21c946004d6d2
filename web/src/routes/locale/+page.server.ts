import { redirect } from "@sveltejs/kit";
import { isLocale } from "$lib/paraglide/runtime";
import type { Actions, PageServerLoad } from "./$types";

import { safeNext } from "$lib/server/redirects";

export const load: PageServerLoad = () => redirect(303, "/");

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const locale = form.get("locale");
    if (typeof locale === "string" && isLocale(locale)) {
      cookies.set("zs_locale", locale, {
        path: "/",
        maxAge: 400 * 24 * 3600,
        httpOnly: false,
        sameSite: "lax",
        secure: false,
      });
    }
    redirect(303, safeNext(form.get("next"), url.origin));
  },
};
