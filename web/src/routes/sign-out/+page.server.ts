import { redirect } from "@sveltejs/kit";
import { createApi, SESSION_COOKIE } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/");

export const actions: Actions = {
  default: async (event) => {
    await createApi(event).post("/auth/sign-out");
    event.cookies.delete(SESSION_COOKIE, { path: "/" });
    redirect(303, "/");
  },
  /** Ends every session of the user on every device (asked first on the bookings page). */
  everywhere: async (event) => {
    await createApi(event).post("/auth/sign-out-everywhere");
    event.cookies.delete(SESSION_COOKIE, { path: "/" });
    redirect(303, "/");
  },
};
