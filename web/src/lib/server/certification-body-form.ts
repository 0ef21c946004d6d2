import { CERT_DOMAINS } from "@zhongshi/api/enums";
// The admin certification-body form: values as typed, a body as values, and the values as the API's body.
import { text, type Values } from "$lib/server/admin-forms";
import type { CertificationBody } from "$lib/types";

const FIELDS = [
  "code",
  "uscc",
  "nameZh",
  "nameEn",
  "cmaNumber",
  "cnasNumber",
  "scopeZh",
  "scopeEn",
  "contactName",
  "contactPhone",
  "contactEmail",
  "address",
] as const;

/** Domains are checkboxes: several values under one name, kept as a comma list in the form's values. */
export const certificationBodyValues = (form: FormData): Values => ({
  ...Object.fromEntries(FIELDS.map((field) => [field, text(form, field)])),
  domains: form.getAll("domains").map(String).join(","),
});

export const valuesOfBody = (body: CertificationBody): Values => ({
  code: body.code,
  uscc: body.uscc ?? "",
  nameZh: body.nameZh,
  nameEn: body.nameEn,
  cmaNumber: body.cmaNumber ?? "",
  cnasNumber: body.cnasNumber ?? "",
  scopeZh: body.scopeZh,
  scopeEn: body.scopeEn,
  contactName: body.contactName,
  contactPhone: body.contactPhone,
  contactEmail: body.contactEmail,
  address: body.address,
  domains: body.domains.join(","),
});

/** What can change after creation. */
export const editableBody = (values: Values) => ({
  cmaNumber: values.cmaNumber || null,
  cnasNumber: values.cnasNumber || null,
  // Only the catalogue's domains can be ticked; anything else is not one.
  domains: CERT_DOMAINS.filter((domain) => (values.domains ?? "").split(",").includes(domain)),
  scopeZh: values.scopeZh ?? "",
  scopeEn: values.scopeEn ?? "",
  contactName: values.contactName ?? "",
  contactPhone: values.contactPhone ?? "",
  contactEmail: values.contactEmail ?? "",
  address: values.address ?? "",
});
