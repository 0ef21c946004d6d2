import { redirect } from "@sveltejs/kit";
import { SESSION_COOKIE } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/");

export const actions: Actions = {
  default: async (event) => {
    await createUntypedApi(event).post("/auth/sign-out");
    event.cookies.delete(SESSION_COOKIE, { path: "/" });
    redirect(303, "/");
  },
};
