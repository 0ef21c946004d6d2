import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, failWith, must, signInUrl } from "$lib/server/api";
import { pickManagedFacility } from "$lib/server/managed";
import { fromShanghai } from "$lib/format";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const { managed } = await event.parent();
  const picked = await pickManagedFacility(event, managed);
  const list = must(
    await call(
      createApi(event).bookings.$get({
        query: {
          scope: "facility",
          facility: picked.facility.code,
          kind: "MAINTENANCE",
          from: new Date().toISOString(),
          sort: "start",
          limit: "100",
        },
      }),
    ),
    event,
  );
  return { ...picked, blocks: list.items.filter((b) => b.status !== "CANCELLED") };
};

const localInstant = (value: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? fromShanghai(value.slice(0, 10), value.slice(11, 16)) : null;

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      resourceId: String(form.get("resourceId") ?? ""),
      start: String(form.get("start") ?? ""),
      end: String(form.get("end") ?? ""),
      reason: String(form.get("reason") ?? "").trim(),
      cancelConflicting: form.get("cancelConflicting") === "on",
    };
    const start = localInstant(values.start);
    const end = localInstant(values.end);
    const errors: Record<string, boolean> = {};
    if (!values.resourceId) errors.resourceId = true;
    if (!start) errors.start = true;
    if (!end || (start && end <= start)) errors.end = true;
    if (!values.reason) errors.reason = true;
    if (Object.keys(errors).length || !start || !end) return fail(400, { values, errors, problem: null });
    const json = {
      resourceId: values.resourceId,
      start,
      end,
      reason: values.reason,
      cancelConflicting: values.cancelConflicting,
    };
    const result = await call(createApi(event)["maintenance-blocks"].$post({ json }));
    if (result.ok) return { created: { cancelled: result.data.cancelled.length } };
    if (result.status === 401) redirect(303, signInUrl(event.url));
    const conflicts = Array.isArray(result.problem.conflicts) ? result.problem.conflicts.length : 0;
    return failWith(result, { values, errors, code: result.problem.code, conflicts });
  },
};
