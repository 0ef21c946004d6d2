import { redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const api = createApi(event);
  const [qualifications, requests] = await Promise.all([
    call(api.me.qualifications.$get()),
    call(api["training-requests"].$get({ query: { mine: "true", limit: "100" } })),
  ]);
  return { qualifications: must(qualifications, event).items, requests: must(requests, event).items };
};
