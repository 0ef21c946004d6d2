import { fail, redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import { field, send, yuanToFen } from "$lib/server/money";
import type { Statement } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const me = event.locals.me;
  if (!me) redirect(303, signInUrl(event.url));
  const api = createUntypedApi(event);
  const statement = must(await api.get<Statement>(`/statements/${encodeURIComponent(event.params.id)}`), event);
  const operator = me.isAdmin || me.managedFacilityIds.includes(statement.facilityId);
  return { statement, operator, today: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) };
};

export const actions: Actions = {
  pay: async (event) => {
    const form = await event.request.formData();
    const amountFen = yuanToFen(field(form, "amount"));
    if (amountFen === null || amountFen <= 0) return fail(400, { action: "pay", code: "AMOUNT_INVALID", detail: "" });
    const paidOn = field(form, "paidOn");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn)) return fail(400, { action: "pay", code: "DATE_INVALID", detail: "" });
    return send(event, "pay", "post", `/statements/${encodeURIComponent(event.params.id)}/payments`, {
      amountFen,
      paidAt: `${paidOn}T12:00:00+08:00`,
      method: field(form, "method") || "BANK_TRANSFER",
      reference: field(form, "reference"),
    });
  },
  voucher: async (event) => {
    const form = await event.request.formData();
    const amountFen = yuanToFen(field(form, "amount"));
    if (amountFen === null || amountFen <= 0)
      return fail(400, { action: "applyVoucher", code: "AMOUNT_INVALID", detail: "" });
    return send(event, "applyVoucher", "post", `/statements/${encodeURIComponent(event.params.id)}/vouchers`, {
      // The number printed on the voucher the customer presents.
      voucherNumber: field(form, "voucherNumber"),
      amountFen,
    });
  },
};
