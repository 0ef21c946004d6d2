import { getLocale } from "$lib/paraglide/runtime";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = ({ locals }) => ({ me: locals.me, locale: getLocale() });
