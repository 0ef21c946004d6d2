import { fail, redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { windowFromNow } from "$lib/server/windows";
import type {
  Availability,
  CertificationBody,
  Facility,
  FairUseView,
  MyQualification,
  Page,
  Resource,
  TrainingRequest,
} from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createUntypedApi(event);
  const resource = must(await api.get<Resource>(`/resources/${encodeURIComponent(event.params.code)}`), event);
  const signedIn = Boolean(event.locals.me);
  const [facility, availability, certificationBody, fairUse, qualifications, requests] = await Promise.all([
    api.get<Facility>(`/facilities/${encodeURIComponent(resource.facilityCode)}`),
    api.get<Availability>(`/resources/${encodeURIComponent(resource.code)}/availability`, windowFromNow(14)),
    resource.certificationBodyCode
      ? api.get<CertificationBody>(`/certification-bodies/${encodeURIComponent(resource.certificationBodyCode)}`)
      : null,
    api.get<FairUseView>(`/resources/${encodeURIComponent(resource.code)}/fair-use`),
    signedIn && resource.requiresQualification ? api.get<{ items: MyQualification[] }>("/me/qualifications") : null,
    signedIn && resource.requiresQualification
      ? api.get<Page<TrainingRequest>>("/training-requests", { mine: "true", limit: 100 })
      : null,
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
    const result = await createUntypedApi(event).post<TrainingRequest>(
      `/resources/${encodeURIComponent(event.params.code)}/training-requests`,
      { message },
    );
    if (!result.ok) {
      return fail(result.status, { trainingProblem: result.problem.detail ?? result.problem.code, message });
    }
    return { trainingRequested: true };
  },
};
