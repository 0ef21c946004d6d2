import { call, createApi, must } from "$lib/server/api";
import { windowFromNow } from "$lib/server/windows";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const resource = must(await call(api.resources[":code"].$get({ param: { code: event.params.code } })), event);
  const [facility, availability, certificationBody] = await Promise.all([
    call(api.facilities[":code"].$get({ param: { code: resource.facilityCode } })),
    call(api.resources[":code"].availability.$get({ param: { code: resource.code }, query: windowFromNow(14) })),
    resource.certificationBodyCode
      ? call(api["certification-bodies"][":code"].$get({ param: { code: resource.certificationBodyCode } }))
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
