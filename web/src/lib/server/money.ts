import { fail, redirect } from "@sveltejs/kit";
import type { ClientResponse } from "hono/client";
import { call, createApi, signInUrl, type ApiEvent } from "$lib/server/api";
import { shownProblem } from "$lib/problem-message";

/** Text field of a form, trimmed. */
export const field = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/**
 * "123.45" (yuan, as typed) → 12345 fen, exactly: parsed as text, never through a float. Null when it is not
 * an amount with at most two decimals.
 */
export const yuanToFen = (text: string): number | null => {
  const match = /^(-)?(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,\s¥]/g, ""));
  if (!match) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -fen : fen;
};

/**
 * Sends one money command from a form action through the typed client; a problem becomes `fail` with its
 * code and what <MoneyFeedback> shows of it (code, field errors, params; never the API's English text), a lost
 * session the sign-in page.
 */
export const send = async <T>(event: ApiEvent, action: string, request: Promise<ClientResponse<T, number, "json">>) => {
  const result = await call(request);
  if (result.ok) return { done: action };
  if (result.status === 401) redirect(303, signInUrl(event.url));
  return fail(result.status, { action, code: result.problem.code, problem: shownProblem(result.problem) });
};

/** 'YYYY-MM' of the month `back` months before the current one, in Asia/Shanghai. */
export const monthsAgo = (back: number) => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
};

/**
 * Income and receivables for the IncomePanel over the statement months a window of local dates [from, to)
 * touches; null when the caller may not see income or the API fails, so the page around it still renders.
 */
export const loadIncome = async (event: ApiEvent, window: { from: string; to: string } | { months: number }) => {
  const query =
    "months" in window
      ? { from: monthsAgo(window.months - 1), to: monthsAgo(-1) }
      : {
          from: window.from.slice(0, 7),
          to: new Date(Date.parse(`${window.to}T00:00:00+08:00`) - 1 + 8 * 3_600_000).toISOString().slice(0, 7),
        };
  if (query.from > query.to) return null;
  const result = await call(createApi(event).analytics.income.$get({ query }));
  return result.ok ? result.data : null;
};
