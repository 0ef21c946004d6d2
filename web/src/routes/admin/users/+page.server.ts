import { fail } from "@sveltejs/kit";
import { call, callNoContent, createApi, failWith, must } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

/** The roles an admin hands out here; ORG_ADMIN and BODY_STAFF are granted by their organizations. */
const MEMBERSHIP_ROLES = ["MEMBER", "MANAGER", "ADMIN"] as const;
const REVOCATIONS = ["membership", "manager", "disable", "enable"] as const;

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const q = event.url.searchParams.get("q") ?? "";
  const [users, organizations, facilities] = await Promise.all([
    call(api.users.$get({ query: { q, limit: "100" } })),
    call(api.organizations.$get({ query: { limit: "100" } })),
    call(api.facilities.$get()),
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
      role: MEMBERSHIP_ROLES.find((role) => role === form.get("role")) ?? "MEMBER",
    };
    // Making someone an administrator hands over the whole system: only once confirmed.
    if (membership.role === "ADMIN" && form.get("confirmed") !== "1")
      return fail(409, { userId, needsConfirm: membership });
    const result = await callNoContent(
      createApi(event).users[":id"].memberships.$post({ param: { id: userId }, json: membership }),
    );
    if (!result.ok) return failWith(result, { userId });
    return { saved: userId };
  },
  /** Taking rights away: asked first (works without JS), then done; the API ends what the user held. */
  revoke: async (event) => {
    const form = await event.request.formData();
    const userId = String(form.get("userId") ?? "");
    const kind = REVOCATIONS.find((k) => k === form.get("kind"));
    const target = String(form.get("target") ?? "");
    if (!kind) return fail(400, { userId, needsRevoke: null });
    if (kind !== "enable" && form.get("confirmed") !== "1") return fail(409, { userId, needsRevoke: { kind, target } });
    const api = createApi(event);
    const user = api.users[":id"];
    const result =
      kind === "membership"
        ? await call(user.memberships[":organizationId"].$delete({ param: { id: userId, organizationId: target } }))
        : kind === "manager"
          ? await call(api.facilities[":code"].managers[":userId"].$delete({ param: { code: target, userId } }))
          : await call(user[kind].$post({ param: { id: userId } }));
    if (!result.ok) return failWith(result, { userId });
    return { saved: userId };
  },
  manager: async (event) => {
    const form = await event.request.formData();
    const userId = String(form.get("userId") ?? "");
    const code = String(form.get("facility") ?? "");
    const result = await callNoContent(
      createApi(event).facilities[":code"].managers.$post({ param: { code }, json: { userId } }),
    );
    if (!result.ok) return failWith(result, { userId });
    return { saved: userId };
  },
};
