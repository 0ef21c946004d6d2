import { error, fail, redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { field, send, yuanToFen } from "$lib/server/money";
import type { OrganizationSettings, OrgApproval } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const me = event.locals.me;
  if (!me) redirect(303, signInUrl(event.url));
  const api = createUntypedApi(event);
  const organizations: { id: string }[] = me.organizations;
  const settings = (
    await Promise.all(organizations.map((o) => api.get<OrganizationSettings>(`/organizations/${o.id}/settings`)))
  ).flatMap((r): OrganizationSettings[] => (r.ok ? [r.data] : []));
  if (settings.length === 0) error(403, { message: "not an organization administrator", code: "FORBIDDEN" });
  const queue = must(await api.get<{ items: OrgApproval[] }>("/org-approvals"), event).items;
  return { settings, queue };
};

const org = (form: FormData) => encodeURIComponent(field(form, "organizationId"));

export const actions: Actions = {
  approve: async (event) => {
    const form = await event.request.formData();
    return send(event, "orgApprove", "post", `/org-approvals/${encodeURIComponent(field(form, "id"))}/approve`);
  },
  reject: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, "reason");
    if (!reason) return fail(400, { action: "orgReject", code: "REASON_MISSING", detail: "" });
    return send(event, "orgReject", "post", `/org-approvals/${encodeURIComponent(field(form, "id"))}/reject`, {
      reason,
    });
  },
  threshold: async (event) => {
    const form = await event.request.formData();
    const text = field(form, "threshold");
    const fen = text === "" ? null : yuanToFen(text);
    if (fen !== null && fen < 0) return fail(400, { action: "threshold", code: "AMOUNT_INVALID", detail: "" });
    if (text !== "" && fen === null) return fail(400, { action: "threshold", code: "AMOUNT_INVALID", detail: "" });
    return send(event, "threshold", "put", `/organizations/${org(form)}/spending-threshold`, {
      spendingThresholdFen: fen,
    });
  },
  member: async (event) => {
    const form = await event.request.formData();
    return send(event, "member", "put", `/organizations/${org(form)}/members`, {
      email: field(form, "email"),
      role: field(form, "role") === "ORG_ADMIN" ? "ORG_ADMIN" : "MEMBER",
    });
  },
  remove: async (event) => {
    const form = await event.request.formData();
    // Removing someone is destructive: the form asks for an explicit confirmation (works without JS).
    if (form.get("confirmed") !== "1") return fail(400, { action: "remove", code: "CONFIRM_MISSING", detail: "" });
    return send(
      event,
      "remove",
      "delete",
      `/organizations/${org(form)}/members/${encodeURIComponent(field(form, "userId"))}`,
    );
  },
};
