// Form plumbing shared by the admin pages: reading typed fields, and turning the API's problem+json
// `errors: [{path, message}]` into per-field messages the form can show beside each input.
import { fail } from "@sveltejs/kit";
import type { TFieldError } from "@zhongshi/api/contract";
import type { ApiResult } from "$lib/server/api";
import { fieldMessage, shownProblem, type ShownProblem } from "$lib/problem-message";
import { currentLanguage } from "$lib/i18n";

export type FieldErrors = Record<string, string>;
export type Values = Record<string, string>;

export const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** All named fields as strings, to give the form back exactly as it was typed. */
export const valuesOf = (form: FormData, names: readonly string[]): Values =>
  Object.fromEntries(names.map((name) => [name, text(form, name)]));

/** A form value as one of an enum's values, else undefined and a field error (the form only offers valid ones). */
export const choice = <T extends string>(values: Values, errors: FieldErrors, name: string, allowed: readonly T[]) => {
  const found = allowed.find((value) => value === values[name]);
  if (found === undefined)
    errors[name] = fieldMessage({ path: name, code: "invalid_value", message: "" }, currentLanguage());
  return found;
};

/** A whole number, or undefined (empty) — the API reports anything out of range. */
export const integer = (value: string) =>
  value === "" ? undefined : Number.isInteger(Number(value)) ? Number(value) : Number.NaN;

/** ¥ with up to two decimals → fen; NaN when it is not a price. */
export const yuanToFen = (value: string) =>
  /^\d+(\.\d{1,2})?$/.test(value) ? Math.round(Number(value) * 100) : Number.NaN;

export const fenToYuan = (fen: number) => (fen / 100).toFixed(2);

/** "08:30" → 510; "24:00" is the end of the day. */
export const clockToMin = (value: string) => {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
};
export const minToClock = (min: number) =>
  `${String(Math.floor(min / 60)).padStart(2, "0")}:${String(min % 60).padStart(2, "0")}`;

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const SHIFTS = [0, 1] as const;
export const hoursFieldNames = WEEKDAYS.flatMap((day) =>
  SHIFTS.flatMap((shift) => [`opens-${day}-${shift}`, `closes-${day}-${shift}`]),
);

/** Up to two opening intervals per weekday, as the form shows them. */
export const openingHoursValues = (hours: { weekday: number; opensMin: number; closesMin: number }[]): Values => {
  const values: Values = {};
  for (const day of WEEKDAYS) {
    const intervals = hours.filter((h) => h.weekday === day).sort((a, b) => a.opensMin - b.opensMin);
    for (const shift of SHIFTS) {
      const interval = intervals[shift];
      values[`opens-${day}-${shift}`] = interval ? minToClock(interval.opensMin) : "";
      values[`closes-${day}-${shift}`] = interval ? minToClock(interval.closesMin) : "";
    }
  }
  return values;
};

/** Reads the weekly grid back; a half-filled interval is a field error. */
export const readOpeningHours = (values: Values, errors: FieldErrors, message: string) => {
  const hours: { weekday: number; opensMin: number; closesMin: number }[] = [];
  for (const day of WEEKDAYS)
    for (const shift of SHIFTS) {
      const opensText = values[`opens-${day}-${shift}`] ?? "";
      const closesText = values[`closes-${day}-${shift}`] ?? "";
      if (!opensText && !closesText) continue;
      const opensMin = clockToMin(opensText);
      const closesMin = closesText === "00:00" ? 1440 : clockToMin(closesText);
      if (opensMin === null || closesMin === null || closesMin <= opensMin) errors[`opens-${day}-${shift}`] = message;
      else hours.push({ weekday: day, opensMin, closesMin });
    }
  return hours;
};

/**
 * Field errors from an API problem, keyed by the first segment of each path (e.g. "openingHours.2.closesMin" →
 * "openingHours"), each message in the user's language from the error's code and params.
 */
export const problemFieldErrors = (problem: { errors?: TFieldError[] }): FieldErrors => {
  const errors: FieldErrors = {};
  for (const error of problem.errors ?? []) {
    const key = error.path.split(/[.[]/)[0] || "_";
    errors[key] ??= fieldMessage(error, currentLanguage());
  }
  return errors;
};

/** The action's answer to a refused request: the values back, field errors, and the problem for <ProblemNotice>. */
export const failFrom = (
  result: Extract<ApiResult<unknown>, { ok: false }>,
  values: Values,
  rename: (errors: FieldErrors) => FieldErrors = (errors) => errors,
) => {
  const problem: ShownProblem | null = shownProblem(result.problem);
  return fail(result.status, { values, errors: rename(problemFieldErrors(result.problem)), problem });
};

/** The portal's own checks failed: the field errors only (their summary is the form's "check the fields"). */
export const failFields = (values: Values, errors: FieldErrors) => {
  const problem: ShownProblem | null = null;
  return fail(400, { values, errors, problem });
};
