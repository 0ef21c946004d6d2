import { error, fail, redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import { field, send, yuanToFen } from "$lib/server/money";
import type { OrganizationSettings } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const me = event.locals.me;
  if (!me) redirect(303, signInUrl(event.url));
  const api = createApi(event);
  const organizations: { id: string }[] = me.organizations;
  const settings = (
    await Promise.all(organizations.map((o) => call(api.organizations[":id"].settings.$get({ param: { id: o.id } }))))
  ).flatMap((r): OrganizationSettings[] => (r.ok ? [r.data] : []));
  if (settings.length === 0) error(403, { message: "not an organization administrator", code: "FORBIDDEN" });
  const queue = must(await call(api["org-approvals"].$get()), event).items;
  return { settings, queue };
};

const org = (form: FormData) => ({ id: field(form, "organizationId") });

export const actions: Actions = {
  approve: async (event) => {
    const form = await event.request.formData();
    return send(
      event,
      "orgApprove",
      createApi(event)["org-approvals"][":id"].approve.$post({ param: { id: field(form, "id") } }),
    );
  },
  reject: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, "reason");
    if (!reason) return fail(400, { action: "orgReject", code: "REASON_MISSING" });
    return send(
      event,
      "orgReject",
      createApi(event)["org-approvals"][":id"].reject.$post({ param: { id: field(form, "id") }, json: { reason } }),
    );
  },
  threshold: async (event) => {
    const form = await event.request.formData();
    const text = field(form, "threshold");
    const fen = text === "" ? null : yuanToFen(text);
    if (fen !== null && fen < 0) return fail(400, { action: "threshold", code: "AMOUNT_INVALID" });
    if (text !== "" && fen === null) return fail(400, { action: "threshold", code: "AMOUNT_INVALID" });
    return send(
      event,
      "threshold",
      createApi(event).organizations[":id"]["spending-threshold"].$put({
        param: org(form),
        json: { spendingThresholdFen: fen },
      }),
    );
  },
  member: async (event) => {
    const form = await event.request.formData();
    return send(
      event,
      "member",
      createApi(event).organizations[":id"].members.$put({
        param: org(form),
        json: { email: field(form, "email"), role: field(form, "role") === "ORG_ADMIN" ? "ORG_ADMIN" : "MEMBER" },
      }),
    );
  },
  remove: async (event) => {
    const form = await event.request.formData();
    // Removing someone is destructive: the form asks for an explicit confirmation (works without JS).
    if (form.get("confirmed") !== "1") return fail(400, { action: "remove", code: "CONFIRM_MISSING" });
    return send(
      event,
      "remove",
      createApi(event).organizations[":id"].members[":userId"].$delete({
        param: { ...org(form), userId: field(form, "userId") },
      }),
    );
  },
};
