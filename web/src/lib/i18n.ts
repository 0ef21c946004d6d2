import { m } from "$lib/paraglide/messages";
import { getLocale } from "$lib/paraglide/runtime";
import type { Language } from "$lib/problem-message";

type Message = (inputs?: Record<string, unknown>) => string;

/** A catalogue message whose key is built at run time (enum labels); falls back to the raw value. */
export const label = (prefix: string, value: string, inputs: Record<string, unknown> = {}) => {
  const message = (m as unknown as Record<string, Message | undefined>)[`${prefix}_${value}`];
  return message ? message(inputs) : value;
};

export const isEnglish = () => getLocale() === "en";

/** The language of the page being rendered (server or browser), as problem-message.ts names it. */
export const currentLanguage = (): Language => (isEnglish() ? "en" : "zh");

/** Picks the zh or en variant of a bilingual field pair, e.g. nameZh / nameEn. */
export const pick = <T extends Record<string, unknown>>(item: T, field: string): string => {
  const zh = item[`${field}Zh`];
  const en = item[`${field}En`];
  const chosen = isEnglish() ? en || zh : zh || en;
  return typeof chosen === "string" ? chosen : "";
};

/** Specs are often {zh: {...}, en: {...}}; otherwise a flat object of label → value. */
export const specEntries = (specs: unknown): [string, string][] => {
  if (!specs || typeof specs !== "object") return [];
  const record = specs as Record<string, unknown>;
  const localized = (isEnglish() ? (record.en ?? record.zh) : (record.zh ?? record.en)) as
    Record<string, unknown> | undefined;
  const source = localized && typeof localized === "object" ? localized : record;
  return Object.entries(source)
    .filter(([key]) => key !== "zh" && key !== "en")
    .map(([key, value]) => [
      key,
      Array.isArray(value)
        ? value.join(isEnglish() ? ", " : "、")
        : typeof value === "object" && value
          ? JSON.stringify(value)
          : String(value),
    ]);
};
