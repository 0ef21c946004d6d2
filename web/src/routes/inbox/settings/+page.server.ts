import { fail, redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Actions, PageServerLoad } from "./$types";

type Choice = "EACH" | "DIGEST" | "NONE";
type Preferences = { items: { topic: string; email: Choice; digestAllowed: boolean }[] };

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  return { preferences: must(await createUntypedApi(event).get<Preferences>("/notifications/preferences"), event) };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const items = [...form.entries()]
      .filter(([key]) => key.startsWith("topic:"))
      .map(([key, value]) => ({ topic: key.slice("topic:".length), email: String(value) as Choice }));
    const result = await createUntypedApi(event).put("/notifications/preferences", { items });
    if (!result.ok) return fail(result.status, { saved: false, detail: result.problem.detail ?? result.problem.code });
    return { saved: true };
  },
};
