// The admin resource form: its fields, a resource as form values, and the values as the API's body
// (prices typed in ¥ become fen; the specs are a JSON object).
import { m } from "$lib/paraglide/messages";
import { choice, fenToYuan, integer, yuanToFen, type FieldErrors, type Values } from "$lib/server/admin-forms";
import { APPROVAL_POLICIES, PRICE_UNITS, RESOURCE_STATUSES } from "@zhongshi/api/enums";
import type { Resource } from "$lib/types";

export const RESOURCE_FIELDS = [
  "facilityCode",
  "code",
  "kind",
  "mode",
  "nameZh",
  "nameEn",
  "descriptionZh",
  "descriptionEn",
  "granularityMin",
  "minDurationMin",
  "maxDurationMin",
  "minNoticeMin",
  "horizonDays",
  "bufferBeforeMin",
  "bufferAfterMin",
  "approval",
  "requiresQualification",
  "priceUnit",
  "priceInternal",
  "priceExternal",
  "status",
  "specs",
  "annualQuotaHours",
  "units",
  "confirmed",
] as const;

const INTEGER_FIELDS = [
  "granularityMin",
  "minDurationMin",
  "maxDurationMin",
  "minNoticeMin",
  "horizonDays",
  "bufferBeforeMin",
  "bufferAfterMin",
  "annualQuotaHours",
  "units",
] as const;

export const newResourceValues = (facilityCode: string): Values => ({
  facilityCode,
  code: "",
  kind: "INSTRUMENT",
  mode: "STAFF_OPERATED",
  nameZh: "",
  nameEn: "",
  descriptionZh: "",
  descriptionEn: "",
  granularityMin: "30",
  minDurationMin: "30",
  maxDurationMin: "480",
  minNoticeMin: "120",
  horizonDays: "60",
  bufferBeforeMin: "0",
  bufferAfterMin: "0",
  approval: "MANAGER",
  requiresQualification: "",
  priceUnit: "HOUR",
  priceInternal: "0.00",
  priceExternal: "0.00",
  status: "ACTIVE",
  specs: "{}",
  annualQuotaHours: "1400",
  units: "1",
});

export const resourceValues = (resource: Resource): Values => ({
  facilityCode: resource.facilityCode,
  code: resource.code,
  kind: resource.kind,
  mode: resource.mode,
  nameZh: resource.nameZh,
  nameEn: resource.nameEn,
  descriptionZh: resource.descriptionZh,
  descriptionEn: resource.descriptionEn,
  granularityMin: String(resource.granularityMin),
  minDurationMin: String(resource.minDurationMin),
  maxDurationMin: String(resource.maxDurationMin),
  minNoticeMin: String(resource.minNoticeMin),
  horizonDays: String(resource.horizonDays),
  bufferBeforeMin: String(resource.bufferBeforeMin),
  bufferAfterMin: String(resource.bufferAfterMin),
  approval: resource.approval,
  requiresQualification: resource.requiresQualification ? "on" : "",
  priceUnit: resource.priceUnit,
  priceInternal: fenToYuan(resource.priceInternalFen),
  priceExternal: fenToYuan(resource.priceExternalFen),
  status: resource.status,
  specs: JSON.stringify(resource.specs ?? {}, null, 2),
  annualQuotaHours: String(resource.annualQuotaHours),
  units: String(resource.units.length),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The specs field: a JSON object, or undefined when it is anything else. */
const parseSpecs = (text: string) => {
  try {
    const parsed: unknown = JSON.parse(text || "{}");
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/** The API body (without the identity fields), or field errors for what cannot even be sent. */
export const resourceBody = (values: Values) => {
  const errors: FieldErrors = {};
  const numbers: Record<string, number> = {};
  for (const field of INTEGER_FIELDS) {
    const value = integer(values[field] ?? "");
    if (value === undefined) errors[field] = m.admin_required();
    else if (Number.isNaN(value)) errors[field] = m.admin_number_invalid();
    else numbers[field] = value;
  }
  const priceInternalFen = yuanToFen(values.priceInternal ?? "");
  const priceExternalFen = yuanToFen(values.priceExternal ?? "");
  if (Number.isNaN(priceInternalFen)) errors.priceInternal = m.admin_price_invalid();
  if (Number.isNaN(priceExternalFen)) errors.priceExternal = m.admin_price_invalid();
  const specs = parseSpecs(values.specs ?? "");
  if (!specs) errors.specs = m.admin_specs_invalid();
  const { units, ...policy } = numbers;
  const body = {
    nameZh: values.nameZh,
    nameEn: values.nameEn,
    descriptionZh: values.descriptionZh,
    descriptionEn: values.descriptionEn,
    ...policy,
    approval: choice(values, errors, "approval", APPROVAL_POLICIES),
    requiresQualification: values.requiresQualification === "on",
    priceUnit: choice(values, errors, "priceUnit", PRICE_UNITS),
    priceInternalFen,
    priceExternalFen,
    status: choice(values, errors, "status", RESOURCE_STATUSES),
    specs: specs ?? {},
  };
  return { errors, body, units };
};

/** API error paths are named after the body (fen); the form's fields are in ¥. */
export const renameFenErrors = (errors: FieldErrors): FieldErrors => {
  const { priceInternalFen, priceExternalFen, ...rest } = errors;
  return {
    ...rest,
    ...(priceInternalFen ? { priceInternal: priceInternalFen } : {}),
    ...(priceExternalFen ? { priceExternal: priceExternalFen } : {}),
  };
};
