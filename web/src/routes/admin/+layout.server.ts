import { error, redirect } from "@sveltejs/kit";
import { signInUrl } from "$lib/server/api";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!locals.me) redirect(303, signInUrl(url));
  if (!locals.me.isAdmin) error(403, { message: "admins only", code: "FORBIDDEN" });
};
