import { fail, redirect } from "@sveltejs/kit";
import { call, createApi, must, signInUrl } from "$lib/server/api";
import { field, send, yuanToFen } from "$lib/server/money";
import type { InferRequestType } from "hono/client";
import type { Api } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

type PaymentMethod = InferRequestType<Api["statements"][":id"]["payments"]["$post"]>["json"]["method"];
/** The payment methods the API takes, checked against its contract by the compiler. */
const METHODS = ["BANK_TRANSFER", "CASH", "CARD", "OTHER"] as const satisfies readonly PaymentMethod[];
const methodOf = (text: string): PaymentMethod => METHODS.find((m) => m === text) ?? "BANK_TRANSFER";

export const load: PageServerLoad = async (event) => {
  const me = event.locals.me;
  if (!me) redirect(303, signInUrl(event.url));
  const statement = must(
    await call(createApi(event).statements[":id"].$get({ param: { id: event.params.id } })),
    event,
  );
  const operator = me.isAdmin || me.managedFacilityIds.includes(statement.facilityId);
  return {
    statement,
    operator,
    methods: METHODS,
    today: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
  };
};

export const actions: Actions = {
  pay: async (event) => {
    const form = await event.request.formData();
    const amountFen = yuanToFen(field(form, "amount"));
    if (amountFen === null || amountFen <= 0) return fail(400, { action: "pay", code: "AMOUNT_INVALID" });
    const paidOn = field(form, "paidOn");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn)) return fail(400, { action: "pay", code: "DATE_INVALID" });
    const method = methodOf(field(form, "method"));
    return send(
      event,
      "pay",
      createApi(event).statements[":id"].payments.$post({
        param: { id: event.params.id },
        json: { amountFen, paidAt: `${paidOn}T12:00:00+08:00`, method, reference: field(form, "reference") },
      }),
    );
  },
  voucher: async (event) => {
    const form = await event.request.formData();
    const amountFen = yuanToFen(field(form, "amount"));
    if (amountFen === null || amountFen <= 0) return fail(400, { action: "applyVoucher", code: "AMOUNT_INVALID" });
    return send(
      event,
      "applyVoucher",
      createApi(event).statements[":id"].vouchers.$post({
        param: { id: event.params.id },
        // The number printed on the voucher the customer presents.
        json: { voucherNumber: field(form, "voucherNumber"), amountFen },
      }),
    );
  },
};
