import { fail } from "@sveltejs/kit";
import { must } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Facility, Organization, Page, User } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const api = createUntypedApi(event);
  const q = event.url.searchParams.get("q") ?? "";
  const [users, organizations, facilities] = await Promise.all([
    api.get<Page<User>>("/users", { q, limit: 100 }),
    api.get<Page<Organization>>("/organizations", { limit: 100 }),
    api.get<{ items: Facility[] }>("/facilities"),
  ]);
  return {
    users: must(users, event).items,
    organizations: must(organizations, event).items,
    facilities: must(facilities, event).items,
    q,
  };
};

export const actions: Actions = {
  membership: async (event) => {
    const form = await event.request.formData();
    const userId = String(form.get("userId") ?? "");
    const membership = {
      organizationId: String(form.get("organizationId") ?? ""),
      role: String(form.get("role") ?? "MEMBER"),
    };
    // Making someone an administrator hands over the whole system: only once confirmed.
    if (membership.role === "ADMIN" && form.get("confirmed") !== "1")
      return fail(409, { userId, needsConfirm: membership });
    const result = await createUntypedApi(event).post(`/users/${encodeURIComponent(userId)}/memberships`, membership);
    if (!result.ok) return fail(result.status, { userId, problem: result.problem.detail ?? result.problem.code });
    return { saved: userId };
  },
  /** Taking rights away: asked first (works without JS), then done; the API ends what the user held. */
  revoke: async (event) => {
    const form = await event.request.formData();
    const userId = String(form.get("userId") ?? "");
    const kind = String(form.get("kind") ?? "");
    const target = String(form.get("target") ?? "");
    if (!["membership", "manager", "disable", "enable"].includes(kind)) return fail(400, { userId, problem: kind });
    if (kind !== "enable" && form.get("confirmed") !== "1") return fail(409, { userId, needsRevoke: { kind, target } });
    const api = createUntypedApi(event);
    const id = encodeURIComponent(userId);
    const result =
      kind === "membership"
        ? await api.delete(`/users/${id}/memberships/${encodeURIComponent(target)}`)
        : kind === "manager"
          ? await api.delete(`/facilities/${encodeURIComponent(target)}/managers/${id}`)
          : await api.post(`/users/${id}/${kind}`);
    if (!result.ok) return fail(result.status, { userId, problem: result.problem.detail ?? result.problem.code });
    return { saved: userId };
  },
  manager: async (event) => {
    const form = await event.request.formData();
    const userId = String(form.get("userId") ?? "");
    const result = await createUntypedApi(event).post(
      `/facilities/${encodeURIComponent(String(form.get("facility") ?? ""))}/managers`,
      { userId },
    );
    if (!result.ok) return fail(result.status, { userId, problem: result.problem.detail ?? result.problem.code });
    return { saved: userId };
  },
};
