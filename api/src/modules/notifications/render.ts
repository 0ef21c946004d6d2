import type { Locale, NoticeContext, Rendered, Template } from "./topics.ts";

const TIME_ZONE = "Asia/Shanghai";

const formatParts = (date: Date, timeZone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
};

/** "2026-12-10 09:00–11:00" in the facility's time zone (both ends on one day), else both dates in full. */
export const formatRange = (start: Date, end: Date, timeZone = TIME_ZONE) => {
  const a = formatParts(start, timeZone);
  const b = formatParts(end, timeZone);
  return a.day === b.day ? `${a.day} ${a.time}–${b.time}` : `${a.day} ${a.time} – ${b.day} ${b.time}`;
};
export const formatTime = (date: Date, timeZone = TIME_ZONE) => {
  const p = formatParts(date, timeZone);
  return `${p.day} ${p.time}`;
};

/** The placeholders a template may use, in the recipient's language. */
export const templateVars = (ctx: NoticeContext, locale: Locale): Record<string, string> => {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(ctx.payload)) {
    if (value === null || value === undefined) continue;
    vars[key] = typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  const b = ctx.booking;
  if (b) {
    vars.resource = `${locale === "en" ? b.resourceNameEn : b.resourceNameZh} (${b.resourceCode})`;
    vars.facility = locale === "en" ? b.facilityNameEn : b.facilityNameZh;
    vars.when = formatRange(b.startsAt, b.endsAt, b.timeZone);
    vars.purpose = b.purpose;
    if (b.holdExpiresAt) vars.holdExpiresAt = formatTime(b.holdExpiresAt, b.timeZone);
    vars.reason ??= b.lastReason ?? "";
  }
  vars.reason ??= "";
  return vars;
};

const interpolate = (text: string, vars: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? "");

export const renderTemplate = (template: Template, vars: Record<string, string>, ctx: NoticeContext): Rendered => {
  if (typeof template === "function") return template(vars, ctx);
  const subject = interpolate(template, vars);
  return { subject, lines: [subject] };
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const FOOTER: Record<Locale, string> = {
  "zh-CN": "此邮件由中试通自动发送。可在门户的“通知设置”中选择哪些事件发送邮件。",
  en: "Sent by 中试通 Zhongshi. Choose which events come by e-mail under notification settings in the portal.",
};

/** Plain text and HTML bodies of one message; the HTML is the same text, escaped, with the link clickable. */
export const renderBodies = (rendered: Rendered, locale: Locale, url: string | null) => {
  const lines = [...rendered.lines, ...(url ? ["", url] : [])];
  const text = `${lines.join("\n")}\n\n-- \n${FOOTER[locale]}\n`;
  const paragraphs = rendered.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n");
  const link = url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>` : "";
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(rendered.subject)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.5">${paragraphs}${link}` +
    `<hr><p style="color:#666;font-size:12px">${escapeHtml(FOOTER[locale])}</p></body></html>`;
  return { text, html };
};
