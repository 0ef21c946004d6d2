import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, signInUrl } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  return {};
};

export const actions: Actions = {
  password: async (event) => {
    const form = await event.request.formData();
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword.length < 10) return fail(400, { password: "short" as const });
    const result = await call(createApi(event).accounts.password.$post({ json: { currentPassword, newPassword } }));
    if (!result.ok)
      return fail(result.status, { password: result.status === 400 ? ("wrong" as const) : ("failed" as const) });
    return { password: "changed" as const };
  },
  invite: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    const organizationId = String(form.get("organizationId") ?? "");
    if (!email) return fail(400, { invite: "required" as const, email });
    const result = await call(
      createApi(event).organizations[":id"].invitations.$post({ param: { id: organizationId }, json: { email } }),
    );
    if (!result.ok)
      return fail(result.status, {
        invite: result.status === 403 ? ("forbidden" as const) : ("failed" as const),
        email,
      });
    return { invite: "sent" as const, email };
  },
  resend: async (event) => {
    await call(createApi(event).accounts["email-verification"].resend.$post());
    return { resend: "sent" as const };
  },
};
