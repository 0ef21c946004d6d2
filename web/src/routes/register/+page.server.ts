import { fail } from "@sveltejs/kit";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { Actions } from "./$types";

const FIELDS = ["nameZh", "nameEn", "uscc", "contactName", "phone", "memberName", "email"] as const;

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "").trim()])) as Record<
      (typeof FIELDS)[number],
      string
    >;
    const password = String(form.get("password") ?? "");
    const errors: Record<string, string> = {};
    for (const f of ["nameZh", "uscc", "contactName", "memberName", "email"] as const)
      if (!values[f]) errors[f] = "required";
    if (password.length < 10) errors["password"] = "short";
    if (Object.keys(errors).length) return fail(400, { values, errors, problem: null });
    const result = await createUntypedApi(event).post("/accounts/registrations", {
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
        locale: event.cookies.get("PARAGLIDE_LOCALE") === "en" ? "en" : "zh-CN",
      },
    });
    if (!result.ok) {
      const usccInvalid = (result.problem.errors ?? []).some((e) => e.path === "organization.uscc");
      return fail(result.status, {
        values,
        errors: usccInvalid ? { uscc: "invalid" } : {},
        problem:
          result.problem.code === "ALREADY_EXISTS"
            ? "exists"
            : usccInvalid
              ? null
              : (result.problem.detail ?? result.problem.code),
      });
    }
    return { done: true };
  },
};
