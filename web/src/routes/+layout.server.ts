import { getLocale } from "$lib/paraglide/runtime";
import { call, createApi } from "$lib/server/api";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = async (event) => {
  const { locals } = event;
  // The header badge: one small count per page for signed-in users; a failure just hides it.
  let unread = 0;
  if (locals.me) {
    const result = await call(createApi(event).notifications["unread-count"].$get());
    if (result.ok) unread = result.data.unread;
  }
  return { me: locals.me, locale: getLocale(), unread };
};
