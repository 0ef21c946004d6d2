import { error, redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = async (event) => {
  const me = event.locals.me;
  if (!me) redirect(303, signInUrl(event.url));
  const { items } = must(await call(createApi(event).facilities.$get()), event);
  const managed = me.isAdmin ? items : items.filter((facility) => me.managedFacilityIds.includes(facility.id));
  if (managed.length === 0) error(403, { message: "not a manager", code: "FORBIDDEN" });
  return { managed };
};
