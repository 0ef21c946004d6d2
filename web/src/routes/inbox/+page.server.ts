import { fail, redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Actions, PageServerLoad } from "./$types";

type Inbox = {
  items: {
    id: string;
    topic: string;
    title: string;
    body: string;
    link: string | null;
    read: boolean;
    createdAt: string;
  }[];
  nextCursor: string | null;
  unread: number;
};

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  return { inbox: must(await createUntypedApi(event).get<Inbox>("/notifications", { cursor, limit: 30 }), event) };
};

export const actions: Actions = {
  read: async (event) => {
    const id = String((await event.request.formData()).get("id") ?? "");
    const result = await createUntypedApi(event).post("/notifications/read", { ids: [id] });
    if (!result.ok) return fail(result.status, { code: result.problem.code });
    return { done: true };
  },
  readAll: async (event) => {
    const result = await createUntypedApi(event).post("/notifications/read", { all: true });
    if (!result.ok) return fail(result.status, { code: result.problem.code });
    return { done: true };
  },
};
