import { redirect } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ url }) => {
  const code = url.searchParams.get("code")?.replace(/[\s-]/g, "").toUpperCase().slice(0, 40) ?? "";
  if (code) redirect(303, `/verify/${encodeURIComponent(code)}`);
  return {};
};
