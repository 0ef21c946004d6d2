import { error, redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Facility } from "$lib/types";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = async (event) => {
  const me = event.locals.me;
  if (!me) redirect(303, signInUrl(event.url));
  const { items } = must(await createUntypedApi(event).get<{ items: Facility[] }>("/facilities"), event);
  const managed = me.isAdmin ? items : items.filter((facility) => me.managedFacilityIds.includes(facility.id));
  if (managed.length === 0) error(403, { message: "not a manager", code: "FORBIDDEN" });
  return { managed };
};
