import { createApi, must } from "$lib/server/api";
import { windowFromNow } from "$lib/server/windows";
import type { Availability, Facility, Resource } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const resource = must(await api.get<Resource>(`/resources/${encodeURIComponent(event.params.code)}`), event);
  const [facility, availability] = await Promise.all([
    api.get<Facility>(`/facilities/${encodeURIComponent(resource.facilityCode)}`),
    api.get<Availability>(`/resources/${encodeURIComponent(resource.code)}/availability`, windowFromNow(14)),
  ]);
  return {
    resource,
    facility: must(facility, event),
    // The list below the calendar is optional: a failure there must not take the page down.
    freeSlots: availability.ok ? availability.data.free.slice(0, 12) : null,
  };
};
