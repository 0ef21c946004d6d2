// The fair-use rule form, shared by the facility rules (/manage/fair-use) and a resource's own rules
// (/manage/resources/<code>): an empty field is "not set here" (null), which a resource inherits.
import { QUOTA_PERIODS } from "@zhongshi/api/enums";

export const RULE_NUMBER_FIELDS = [
  "quotaHours",
  "quotaBookings",
  "lateCancelHours",
  "noShowGraceMin",
  "noShowLimit",
  "noShowWindowDays",
  "suspensionDays",
] as const;

const numberOrNull = (value: FormDataEntryValue | null) => {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
};

/** The rule as the API takes it; a number that is not one (NaN) is left for the API to refuse with its field. */
export const readRule = (form: FormData) => ({
  quotaPeriod: QUOTA_PERIODS.find((period) => period === form.get("quotaPeriod")) ?? null,
  quotaHours: numberOrNull(form.get("quotaHours")),
  quotaBookings: numberOrNull(form.get("quotaBookings")),
  lateCancelHours: numberOrNull(form.get("lateCancelHours")),
  noShowGraceMin: numberOrNull(form.get("noShowGraceMin")),
  noShowLimit: numberOrNull(form.get("noShowLimit")),
  noShowWindowDays: numberOrNull(form.get("noShowWindowDays")),
  suspensionDays: numberOrNull(form.get("suspensionDays")),
});
