import { error, fail, redirect } from "@sveltejs/kit";
import { call, callNoContent, createApi, failWith, must } from "$lib/server/api";
import { fieldMessage, localProblem, shownProblem, type ShownProblem } from "$lib/problem-message";
import { currentLanguage } from "$lib/i18n";
import { integer, problemFieldErrors, text, valuesOf, yuanToFen } from "$lib/server/admin-forms";
import { OFFER_KINDS, PRICE_UNITS } from "@zhongshi/api/enums";
import { readRule } from "../../fair-use/rule-form";
import type { Actions, PageServerLoad } from "./$types";

const OFFER_FIELDS = ["kind", "priceUnit", "priceInternal", "priceExternal", "leadDays"] as const;

export const load: PageServerLoad = async (event) => {
  const { managed } = await event.parent();
  const api = createApi(event);
  const param = { code: event.params.code };
  const resource = must(await call(api.resources[":code"].$get({ param })), event);
  // Another facility's resource is none of this workspace's business (the API would refuse the changes too).
  if (!managed.some((f) => f.id === resource.facilityId)) error(404, { message: "not managed", code: "NOT_FOUND" });
  const fairUse = must(await call(api.resources[":code"]["fair-use"].$get({ param })), event);
  return { resource, fairUse };
};

const done = (code: string, what: string) => redirect(303, `/manage/resources/${encodeURIComponent(code)}?${what}=1`);

export const actions: Actions = {
  saveOffer: async (event) => {
    const form = await event.request.formData();
    const values = valuesOf(form, OFFER_FIELDS);
    const kind = OFFER_KINDS.find((k) => k === values.kind);
    const priceUnit = PRICE_UNITS.find((u) => u === values.priceUnit);
    const errors: Record<string, string> = {};
    const priceInternalFen = yuanToFen(values.priceInternal ?? "");
    const priceExternalFen = yuanToFen(values.priceExternal ?? "");
    const leadDays = integer(values.leadDays ?? "") ?? 0;
    // The portal's own checks, worded like the API's field errors in the user's language.
    const wrong = (path: string) => fieldMessage({ path, code: "invalid_format", message: "" }, currentLanguage());
    if (Number.isNaN(priceInternalFen)) errors.priceInternal = wrong("priceInternal");
    if (Number.isNaN(priceExternalFen)) errors.priceExternal = wrong("priceExternal");
    if (Number.isNaN(leadDays)) errors.leadDays = wrong("leadDays");
    if (!kind || !priceUnit || Object.keys(errors).length > 0) {
      const problem: ShownProblem | null =
        kind && priceUnit ? null : localProblem({ path: "kind", code: "invalid_value" });
      return fail(400, { kind: values.kind, values, errors, problem });
    }
    const result = await call(
      createApi(event).resources[":code"].offers[":kind"].$put({
        param: { code: event.params.code, kind },
        json: {
          priceUnit,
          priceInternalFen,
          priceExternalFen,
          leadDays,
          countsTowardQuota: form.get("countsTowardQuota") === "on",
          isSample: form.get("isSample") === "on",
        },
      }),
    );
    if (!result.ok) {
      const errors = problemFieldErrors(result.problem);
      if (errors.priceInternalFen) errors.priceInternal = errors.priceInternalFen;
      if (errors.priceExternalFen) errors.priceExternal = errors.priceExternalFen;
      return fail(result.status, { kind, values, errors, problem: shownProblem(result.problem) });
    }
    done(event.params.code, "offerSaved");
  },
  withdrawOffer: async (event) => {
    const form = await event.request.formData();
    const kind = OFFER_KINDS.find((k) => k === text(form, "kind"));
    if (!kind) {
      const problem = localProblem({ path: "kind", code: "invalid_value" });
      return fail(400, { kind: "", values: {}, errors: {}, problem });
    }
    const result = await callNoContent(
      createApi(event).resources[":code"].offers[":kind"].$delete({ param: { code: event.params.code, kind } }),
    );
    if (!result.ok && result.status !== 404) {
      return fail(result.status, { kind, values: {}, errors: {}, problem: shownProblem(result.problem) });
    }
    done(event.params.code, "offerWithdrawn");
  },
  saveRule: async (event) => {
    const result = await call(
      createApi(event).resources[":code"]["fair-use"].$put({
        param: { code: event.params.code },
        json: readRule(await event.request.formData()),
      }),
    );
    if (!result.ok) {
      return failWith(result, { rule: true });
    }
    done(event.params.code, "ruleSaved");
  },
};
