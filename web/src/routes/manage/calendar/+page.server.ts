import { pickManagedFacility } from "$lib/server/managed";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const { managed } = await event.parent();
  return pickManagedFacility(event, managed);
};
