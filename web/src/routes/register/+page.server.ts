import { fail } from "@sveltejs/kit";
import { call, createApi, failWith } from "$lib/server/api";
import { getLocale } from "$lib/paraglide/runtime";
import type { Actions } from "./$types";

const FIELDS = ["nameZh", "nameEn", "uscc", "contactName", "phone", "memberName", "email"] as const;
type Field = (typeof FIELDS)[number];

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values: Record<Field, string> = {
      nameZh: "",
      nameEn: "",
      uscc: "",
      contactName: "",
      phone: "",
      memberName: "",
      email: "",
    };
    for (const field of FIELDS) values[field] = String(form.get(field) ?? "").trim();
    const password = String(form.get("password") ?? "");
    const errors: Record<string, string> = {};
    for (const f of ["nameZh", "uscc", "contactName", "memberName", "email"] as const)
      if (!values[f]) errors[f] = "required";
    if (password.length < 10) errors["password"] = "short";
    if (Object.keys(errors).length) return fail(400, { values, errors, problem: null });
    const result = await call(
      createApi(event).accounts.registrations.$post({
        json: {
          organization: {
            nameZh: values.nameZh,
            uscc: values.uscc.toUpperCase(),
            ...(values.nameEn ? { nameEn: values.nameEn } : {}),
          },
          contact: { name: values.contactName, ...(values.phone ? { phone: values.phone } : {}) },
          member: {
            email: values.email,
            name: values.memberName,
            password,
            locale: getLocale(),
          },
        },
      }),
    );
    if (!result.ok) return failWith(result, { values, errors });
    return { done: true };
  },
};
