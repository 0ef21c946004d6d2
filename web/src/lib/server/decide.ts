import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, signInUrl, type ApiEvent } from "$lib/server/api";
import { shownProblem } from "$lib/problem-message";
import type { TDecision } from "@zhongshi/api/contract";

export type Decision = "approve" | "reject" | "cancel" | "check-in" | "check-out" | "no-show";

/**
 * Runs one booking transition from a form: fields `id`, `version` (for If-Match), optional `reason`.
 * Returns the action's result (or redirects to sign-in when the session is gone).
 */
export const decide = async (
  event: ApiEvent & { request: Request },
  decision: Decision,
  options: { requireReason?: boolean; confirm?: boolean } = {},
) => {
  const form = await event.request.formData();
  const id = String(form.get("id") ?? "");
  const version = String(form.get("version") ?? "");
  const reason = String(form.get("reason") ?? "").trim();
  // Cancel and reject need an explicit second step; without it the page asks first (works without JS).
  if (options.confirm && form.get("confirmed") !== "1") return { confirm: { id, decision, reason } };
  if (options.requireReason && !reason) return fail(400, { confirm: { id, decision, reason }, reasonMissing: true });
  const booking = createApi(event).bookings[":id"];
  // The optional body (the Decision schema) is read by the API itself (parseDecision), so it is sent as is.
  const body: TDecision = reason ? { reason } : {};
  const result = await call(
    booking[decision].$post(
      { param: { id }, header: { "if-match": version ? `"${version}"` : undefined } },
      { headers: { "content-type": "application/json" }, init: { body: JSON.stringify(body) } },
    ),
  );
  if (result.ok)
    return {
      done: { id, decision, resourceNameZh: result.data.resourceNameZh, resourceNameEn: result.data.resourceNameEn },
    };
  if (result.status === 401) redirect(303, signInUrl(event.url));
  return fail(result.status, {
    failed: { id, decision, ...shownProblem(result.problem) },
  });
};
