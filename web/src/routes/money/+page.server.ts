import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import { field, send, yuanToFen } from "$lib/server/money";
import type { Actions, PageServerLoad } from "./$types";

type OrganizationRef = { id: string; nameZh: string; nameEn: string };

export const load: PageServerLoad = async (event) => {
  const me = event.locals.me;
  if (!me) redirect(303, signInUrl(event.url));
  const api = createApi(event);
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  const status = event.url.searchParams.get("status") ?? undefined;
  const [charges, statements, vouchers] = await Promise.all([
    call(
      api.charges.$get({
        query: {
          limit: "30",
          ...(cursor ? { cursor } : {}),
          ...(status === "PENDING" || status === "DISPUTED" || status === "CONFIRMED" ? { status } : {}),
        },
      }),
    ),
    call(api.statements.$get({ query: { limit: "24" } })),
    call(api.vouchers.$get()),
  ]);
  // The organizations where the user is ORG_ADMIN: their settings answer 200 only to it.
  const organizations: OrganizationRef[] = me.organizations;
  const adminOf = (
    await Promise.all(
      organizations.map(async (o) =>
        (await call(api.organizations[":id"].settings.$get({ param: { id: o.id } }))).ok ? o : null,
      ),
    )
  ).filter((o): o is OrganizationRef => o !== null);
  const organizationIds = new Set(organizations.map((o) => o.id));
  return {
    charges: must(charges, event).items.filter((c) => organizationIds.has(c.organizationId)),
    nextCursor: must(charges, event).nextCursor,
    statements: must(statements, event).items.filter((s) => organizationIds.has(s.organizationId)),
    vouchers: must(vouchers, event).items,
    adminOf,
    status: status ?? "",
  };
};

export const actions: Actions = {
  confirm: async (event) => {
    const form = await event.request.formData();
    return send(event, "confirm", createApi(event).charges[":id"].confirm.$post({ param: { id: field(form, "id") } }));
  },
  dispute: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, "reason");
    if (!reason) return fail(400, { action: "dispute", code: "REASON_MISSING", id: field(form, "id") });
    return send(
      event,
      "dispute",
      createApi(event).charges[":id"].dispute.$post({ param: { id: field(form, "id") }, json: { reason } }),
    );
  },
  voucher: async (event) => {
    const form = await event.request.formData();
    const amountFen = yuanToFen(field(form, "amount"));
    if (amountFen === null || amountFen <= 0) return fail(400, { action: "voucher", code: "AMOUNT_INVALID" });
    return send(
      event,
      "voucher",
      createApi(event).vouchers.$post({
        json: {
          organizationId: field(form, "organizationId"),
          number: field(form, "number"),
          issuer: field(form, "issuer"),
          amountFen,
          validFrom: field(form, "validFrom"),
          validTo: field(form, "validTo"),
        },
      }),
    );
  },
};
