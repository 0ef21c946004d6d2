import { redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const label = must(await call(createApi(event).orders[":id"].label.$get({ param: { id: event.params.id } })), event);
  return { label, orderId: event.params.id };
};
