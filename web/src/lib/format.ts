// Dates in Asia/Shanghai and money in ¥, whatever the browser's own zone and locale are.
import { getLocale } from "$lib/paraglide/runtime";

export const TIME_ZONE = "Asia/Shanghai";
const OFFSET = "+08:00"; // China has had no daylight saving since 1991.

const intlLocale = () => (getLocale() === "en" ? "en-GB" : "zh-CN");

const dateTimeFormat = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(intlLocale(), { timeZone: TIME_ZONE, ...options });

export const formatDateTime = (iso: string) =>
  dateTimeFormat({
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));

export const formatDate = (iso: string) =>
  dateTimeFormat({ year: "numeric", month: "long", day: "numeric", weekday: "short" }).format(new Date(iso));

export const formatTime = (iso: string) =>
  dateTimeFormat({ hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));

/** "2026年12月1日 周二 09:00–11:00", or both full date-times when the range spans days. */
export const formatRange = (range: { start: string; end: string }) =>
  shanghaiDate(range.start) === shanghaiDate(range.end)
    ? `${formatDate(range.start)} ${formatTime(range.start)}–${formatTime(range.end)}`
    : `${formatDateTime(range.start)} – ${formatDateTime(range.end)}`;

export const formatMoney = (fen: number) =>
  new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY", minimumFractionDigits: 2 }).format(fen / 100);

export const formatMinutes = (min: number) => {
  const h = Math.floor(min / 60);
  const m = min % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(h)}:${pad(m)}`;
};

/** YYYY-MM-DD of an instant, in Shanghai. */
export const shanghaiDate = (iso: string | Date) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** HH:MM of an instant, in Shanghai. */
export const shanghaiTime = (iso: string | Date) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(11, 16);

/** RFC 3339 instant from a Shanghai wall-clock date and time (form inputs). */
export const fromShanghai = (date: string, time: string) =>
  `${date}T${time.length === 5 ? `${time}:00` : time}${OFFSET}`;

export const addMinutes = (iso: string, minutes: number) =>
  toShanghaiIso(new Date(new Date(iso).getTime() + minutes * 60_000));

export const toShanghaiIso = (d: Date) => `${shanghaiDate(d)}T${shanghaiTime(d)}:00${OFFSET}`;

export const minutesBetween = (a: string, b: string) =>
  Math.round((new Date(b).getTime() - new Date(a).getTime()) / 60_000);
