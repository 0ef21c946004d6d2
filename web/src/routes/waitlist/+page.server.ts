import { redirect } from "@sveltejs/kit";
import { call, createApi, failWith, must, signInUrl } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const list = must(await call(createApi(event).waitlist.$get({ query: { limit: "50" } })), event);
  return { entries: list.items, joined: event.url.searchParams.has("joined") };
};

type Entry = ReturnType<typeof createApi>["waitlist"][":id"];

const act =
  (send: (entry: Entry, id: string) => Parameters<typeof call>[0], done: string) =>
  async (event: Parameters<Actions[string]>[0]) => {
    const id = String((await event.request.formData()).get("id") ?? "");
    const result = await call(send(createApi(event).waitlist[":id"], id));
    if (!result.ok) return failWith(result, {});
    return { done };
  };

export const actions: Actions = {
  accept: act((entry, id) => entry.accept.$post({ param: { id } }), "accepted"),
  decline: act((entry, id) => entry.decline.$post({ param: { id } }), "declined"),
  leave: act((entry, id) => entry.$delete({ param: { id } }), "left"),
};
