import { fail, redirect } from "@sveltejs/kit";
import { signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
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
    const result = await createUntypedApi(event).post("/accounts/password", { currentPassword, newPassword });
    if (!result.ok)
      return fail(result.status, { password: result.status === 400 ? ("wrong" as const) : ("failed" as const) });
    return { password: "changed" as const };
  },
  invite: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    const organizationId = String(form.get("organizationId") ?? "");
    if (!email) return fail(400, { invite: "required" as const, email });
    const result = await createUntypedApi(event).post(
      `/organizations/${encodeURIComponent(organizationId)}/invitations`,
      {
        email,
      },
    );
    if (!result.ok)
      return fail(result.status, {
        invite: result.status === 403 ? ("forbidden" as const) : ("failed" as const),
        email,
      });
    return { invite: "sent" as const, email };
  },
  resend: async (event) => {
    await createUntypedApi(event).post("/accounts/email-verification/resend");
    return { resend: "sent" as const };
  },
};
