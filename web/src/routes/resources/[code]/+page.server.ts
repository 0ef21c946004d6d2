import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { windowFromNow } from "$lib/server/windows";
import type { Availability, CertificationBody, Facility, Resource } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createUntypedApi(event);
  const resource = must(await api.get<Resource>(`/resources/${encodeURIComponent(event.params.code)}`), event);
  const [facility, availability, certificationBody] = await Promise.all([
    api.get<Facility>(`/facilities/${encodeURIComponent(resource.facilityCode)}`),
    api.get<Availability>(`/resources/${encodeURIComponent(resource.code)}/availability`, windowFromNow(14)),
    resource.certificationBodyCode
      ? api.get<CertificationBody>(`/certification-bodies/${encodeURIComponent(resource.certificationBodyCode)}`)
      : null,
  ]);
  return {
    resource,
    facility: must(facility, event),
    // The list below the calendar is optional: a failure there must not take the page down.
    // The body that performs a test service; its name is a nicety, the code alone still links.
    certificationBody: certificationBody?.ok ? certificationBody.data : null,
    freeSlots: availability.ok ? availability.data.free.slice(0, 12) : null,
  };
};
