import { redirect } from "@sveltejs/kit";
import { call, createApi, SESSION_COOKIE } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/");

export const actions: Actions = {
  default: async (event) => {
    // `everywhere` ends every session of the user on every device (asked first on the bookings page).
    const everywhere = (await event.request.formData()).get("everywhere") === "1";
    const auth = createApi(event).auth;
    await call(everywhere ? auth["sign-out-everywhere"].$post() : auth["sign-out"].$post());
    event.cookies.delete(SESSION_COOKIE, { path: "/" });
    redirect(303, "/");
  },
};
