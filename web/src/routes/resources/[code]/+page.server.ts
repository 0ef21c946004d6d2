import { fail, redirect } from "@sveltejs/kit";
import { shownProblem } from "$lib/problem-message";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import { windowFromNow } from "$lib/server/windows";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const resource = must(await call(api.resources[":code"].$get({ param: { code: event.params.code } })), event);
  const param = { code: resource.code };
  const signedIn = Boolean(event.locals.me);
  const asksTraining = signedIn && resource.requiresQualification;
  const [facility, availability, certificationBody, fairUse, qualifications, requests] = await Promise.all([
    call(api.facilities[":code"].$get({ param: { code: resource.facilityCode } })),
    call(api.resources[":code"].availability.$get({ param, query: windowFromNow(14) })),
    resource.certificationBodyCode
      ? call(api["certification-bodies"][":code"].$get({ param: { code: resource.certificationBodyCode } }))
      : null,
    call(api.resources[":code"]["fair-use"].$get({ param })),
    asksTraining ? call(api.me.qualifications.$get()) : null,
    asksTraining ? call(api["training-requests"].$get({ query: { mine: "true", limit: "100" } })) : null,
  ]);
  const qualification = qualifications?.ok
    ? (qualifications.data.items.find((q) => q.resourceId === resource.id) ?? null)
    : null;
  const openRequest = requests?.ok
    ? (requests.data.items.find(
        (r) => r.resourceId === resource.id && (r.status === "REQUESTED" || r.status === "SCHEDULED"),
      ) ?? null)
    : null;
  return {
    resource,
    facility: must(facility, event),
    // The list below the calendar is optional: a failure there must not take the page down.
    // The body that performs a test service; its name is a nicety, the code alone still links.
    certificationBody: certificationBody?.ok ? certificationBody.data : null,
    freeSlots: availability.ok ? availability.data.free.slice(0, 12) : null,
    fairUse: fairUse.ok ? fairUse.data.effective : null,
    signedIn,
    qualification,
    openRequest,
  };
};

export const actions: Actions = {
  requestTraining: async (event) => {
    if (!event.locals.me) redirect(303, signInUrl(event.url));
    const form = await event.request.formData();
    const message = String(form.get("message") ?? "").trim();
    const result = await call(
      createApi(event).resources[":code"]["training-requests"].$post({
        param: { code: event.params.code },
        json: { message },
      }),
    );
    if (!result.ok) {
      return fail(result.status, { trainingProblem: shownProblem(result.problem), message });
    }
    return { trainingRequested: true };
  },
};
