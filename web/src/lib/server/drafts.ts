// What a user typed into a form, kept for a short while when their session expired on submit.
import type { Cookies } from "@sveltejs/kit";

const COOKIE = "zs_draft";

export const saveDraft = (cookies: Cookies, key: string, values: unknown) =>
  cookies.set(COOKIE, JSON.stringify({ key, values }), {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    maxAge: 3600,
    secure: false,
  });

export const readDraft = <T>(cookies: Cookies, key: string): T | null => {
  const raw = cookies.get(COOKIE);
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as { key: string; values: T };
    return draft.key === key ? draft.values : null;
  } catch {
    return null;
  }
};

export const clearDraft = (cookies: Cookies) => cookies.delete(COOKIE, { path: "/" });
