import { redirect } from "@sveltejs/kit";
import { call, createApi, failWith, must, signInUrl } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  return { inbox: must(await call(createApi(event).notifications.$get({ query: { cursor, limit: "30" } })), event) };
};

export const actions: Actions = {
  read: async (event) => {
    const id = String((await event.request.formData()).get("id") ?? "");
    const result = await call(createApi(event).notifications.read.$post({ json: { ids: [id] } }));
    if (!result.ok) return failWith(result, {});
    return { done: true };
  },
  readAll: async (event) => {
    const result = await call(createApi(event).notifications.read.$post({ json: { all: true } }));
    if (!result.ok) return failWith(result, {});
    return { done: true };
  },
};
