import { redirect } from "@sveltejs/kit";
import { call, createApi, failWith, must, signInUrl } from "$lib/server/api";
import { EMAIL_CHOICES } from "@zhongshi/api/enums";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  return { preferences: must(await call(createApi(event).notifications.preferences.$get()), event) };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const items = [...form.entries()]
      .filter(([key]) => key.startsWith("topic:"))
      .flatMap(([key, value]) => {
        // A choice the portal never offers (a tampered form) is left out: that topic keeps its setting.
        const email = EMAIL_CHOICES.find((choice) => choice === value);
        return email ? [{ topic: key.slice("topic:".length), email }] : [];
      });
    const result = await call(createApi(event).notifications.preferences.$put({ json: { items } }));
    if (!result.ok) return failWith(result, { saved: false });
    return { saved: true };
  },
};
