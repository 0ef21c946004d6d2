import { error, fail, redirect } from "@sveltejs/kit";
import { call, callNoContent, createApi, must } from "$lib/server/api";
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
    if (Number.isNaN(priceInternalFen)) errors.priceInternal = "¥0.00";
    if (Number.isNaN(priceExternalFen)) errors.priceExternal = "¥0.00";
    if (Number.isNaN(leadDays)) errors.leadDays = "0–365";
    if (!kind || !priceUnit || Object.keys(errors).length > 0) {
      return fail(400, { kind: values.kind, values, errors, problem: "" });
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
      return fail(result.status, { kind, values, errors, problem: result.problem.detail ?? result.problem.code });
    }
    done(event.params.code, "offerSaved");
  },
  withdrawOffer: async (event) => {
    const form = await event.request.formData();
    const kind = OFFER_KINDS.find((k) => k === text(form, "kind"));
    if (!kind) return fail(400, { kind: "", values: {}, errors: {}, problem: "kind" });
    const result = await callNoContent(
      createApi(event).resources[":code"].offers[":kind"].$delete({ param: { code: event.params.code, kind } }),
    );
    if (!result.ok && result.status !== 404) {
      return fail(result.status, {
        kind,
        values: {},
        errors: {},
        problem: result.problem.detail ?? result.problem.code,
      });
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
      return fail(result.status, { rule: true, problem: result.problem.detail ?? result.problem.code });
    }
    done(event.params.code, "ruleSaved");
  },
};
