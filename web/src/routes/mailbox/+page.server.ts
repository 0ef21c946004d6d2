import { redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  const result = await call(createApi(event)["dev-mailbox"].$get({ query: { cursor, limit: "30" } }));
  // 404: mail goes to a real SMTP server in this deployment.
  if (!result.ok && result.status === 404) return { mailbox: null };
  return { mailbox: must(result, event) };
};
