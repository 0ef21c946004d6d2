import { fail, redirect } from "@sveltejs/kit";
import { signInUrl, type ApiEvent } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";

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

/** Sends one money command from a form action; a problem becomes `fail` with its code and detail. */
export const send = async (
  event: ApiEvent,
  action: string,
  method: "post" | "put" | "delete",
  path: string,
  body?: unknown,
) => {
  const api = createUntypedApi(event);
  const result =
    method === "post"
      ? await api.post(path, body)
      : method === "put"
        ? await api.put(path, body)
        : await api.delete(path);
  if (result.ok) return { done: action };
  if (result.status === 401) redirect(303, signInUrl(event.url));
  return fail(result.status, { action, code: result.problem.code, detail: result.problem.detail ?? "" });
};
