import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import { clearDraft, readDraft, saveDraft } from "$lib/server/drafts";
import { windowFromNow } from "$lib/server/windows";
import { fieldMessage, shownProblem, type ShownProblem } from "$lib/problem-message";
import { currentLanguage } from "$lib/i18n";
import { defaultOfferId, durationChoices, rangeOf, useOf, valuesAt, type BookingValues } from "$lib/booking-form";
import type { Alternative, Conflict, Violation } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

const readValues = (form: FormData): BookingValues => ({
  date: String(form.get("date") ?? ""),
  time: String(form.get("time") ?? ""),
  durationMin: Number(form.get("durationMin") ?? 0),
  purpose: String(form.get("purpose") ?? "").trim(),
  sampleDetails: String(form.get("sampleDetails") ?? "").trim(),
  organizationId: String(form.get("organizationId") ?? ""),
  offerId: String(form.get("offerId") ?? ""),
  samples: String(form.get("samples") ?? ""),
  items: String(form.get("items") ?? ""),
});

export const load: PageServerLoad = async (event) => {
  const { locals, url, params } = event;
  if (!locals.me) redirect(303, signInUrl(url));
  const api = createApi(event);
  const resource = must(await call(api.resources[":code"].$get({ param: { code: params.code } })), event);
  const choices = durationChoices(resource);
  const draftKey = `book:${resource.code}`;
  const draft = readDraft<BookingValues>(event.cookies, draftKey);
  if (draft) clearDraft(event.cookies);

  let initial: BookingValues = {
    date: "",
    time: "",
    durationMin: choices.includes(120) ? 120 : (choices[0] ?? resource.minDurationMin),
    purpose: "",
    sampleDetails: "",
    organizationId: locals.me.organizations[0]?.id ?? "",
    offerId: defaultOfferId(resource.offers),
    samples: "",
    items: "",
  };
  const start = url.searchParams.get("start");
  if (draft) initial = { ...initial, ...draft };
  else if (start && !Number.isNaN(Date.parse(start)))
    initial = { ...initial, ...valuesAt(start, url.searchParams.get("end"), initial.durationMin) };
  else {
    const availability = await call(
      api.resources[":code"].availability.$get({ param: { code: resource.code }, query: windowFromNow(14) }),
    );
    const first = availability.ok ? availability.data.free[0] : undefined;
    if (first) initial = { ...initial, ...valuesAt(first.start, null, initial.durationMin) };
  }
  if (!choices.includes(initial.durationMin)) {
    choices.push(initial.durationMin);
    choices.sort((a, b) => a - b);
  }
  // A member of several organizations says whom the booking is for; with one, the API picks it.
  return {
    resource,
    choices,
    initial,
    organizations: locals.me.organizations,
    restored: !!draft,
    idempotencyKey: crypto.randomUUID(),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = readValues(form);
    const resourceId = String(form.get("resourceId") ?? "");
    const errors: Record<string, string> = {};
    const range = rangeOf(values);
    if (!range) errors.time = "required";
    if (!values.purpose) errors.purpose = "required";
    const empty: { violations: Violation[]; conflicts: Conflict[]; alternatives: Alternative[] } = {
      violations: [],
      conflicts: [],
      alternatives: [],
    };
    const none: ShownProblem | null = null;
    if (Object.keys(errors).length || !range)
      return fail(400, { values, errors, code: "", problem: none, quotedPriceFen: null, ...empty });

    if (!event.locals.me) {
      // The session ended while the form was open: keep what was typed and come back after signing in.
      saveDraft(event.cookies, `book:${event.params.code}`, values);
      redirect(303, `${signInUrl(event.url)}&expired=1`);
    }
    const api = createApi(event);
    // The way of use (instrument time or sample submission) and, for samples, how many samples and items.
    const resource = await call(api.resources[":code"].$get({ param: { code: event.params.code } }));
    const use = useOf(values, resource.ok ? resource.data.offers : []);
    const request = {
      resourceId,
      ...use,
      start: range.start,
      end: range.end,
      ...(values.organizationId ? { organizationId: values.organizationId } : {}),
    };
    const result = await call(
      api.bookings.$post({
        header: { "idempotency-key": String(form.get("idempotencyKey") ?? crypto.randomUUID()) },
        json: {
          ...request,
          purpose: values.purpose,
          ...(values.sampleDetails ? { sampleDetails: values.sampleDetails } : {}),
        },
      }),
    );
    if (result.ok) {
      const booking = result.data.bookings[0];
      redirect(303, `/bookings?created=${booking?.id ?? ""}&status=${booking?.status ?? ""}`);
    }
    const problem = result.problem;
    if (result.status === 401) {
      saveDraft(event.cookies, `book:${event.params.code}`, values);
      redirect(303, `${signInUrl(event.url)}&expired=1`);
    }
    // A refusal keeps the price in view (also without JavaScript): the check quotes the same way of use.
    const check =
      result.status === 409 || result.status === 422 ? await call(api.bookings.check.$post({ json: request })) : null;
    return fail(result.status, {
      values,
      quotedPriceFen: check?.ok ? check.data.quotedPriceFen : null,
      // Field errors and the problem in the user's language, from their codes and params (never the API's text).
      errors: Object.fromEntries((problem.errors ?? []).map((e) => [e.path, fieldMessage(e, currentLanguage())])),
      code: problem.code,
      problem: shownProblem(problem),
      // Violations are shown from their code and params; their English message stays behind.
      violations: (problem.violations ?? empty.violations).map((violation) => ({ ...violation, message: "" })),
      conflicts: problem.conflicts ?? empty.conflicts,
      alternatives: problem.alternatives ?? empty.alternatives,
    });
  },
};
