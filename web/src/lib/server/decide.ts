import { fail, redirect } from "@sveltejs/kit";
import { signInUrl, type ApiEvent } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Booking } from "$lib/types";

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
  const result = await createUntypedApi(event).post<Booking>(
    `/bookings/${encodeURIComponent(id)}/${decision}`,
    reason ? { reason } : {},
    version ? { "if-match": `"${version}"` } : undefined,
  );
  if (result.ok)
    return {
      done: { id, decision, resourceNameZh: result.data.resourceNameZh, resourceNameEn: result.data.resourceNameEn },
    };
  if (result.status === 401) redirect(303, signInUrl(event.url));
  return fail(result.status, {
    failed: { id, decision, code: result.problem.code, detail: result.problem.detail ?? "" },
  });
};
