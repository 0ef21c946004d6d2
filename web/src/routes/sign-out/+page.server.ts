import { redirect } from "@sveltejs/kit";
import { call, createApi, SESSION_COOKIE } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/");

export const actions: Actions = {
  default: async (event) => {
    await call(createApi(event).auth["sign-out"].$post());
    event.cookies.delete(SESSION_COOKIE, { path: "/" });
    redirect(303, "/");
  },
};
