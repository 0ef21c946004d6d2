import { redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { PageServerLoad } from "./$types";

type Mailbox = {
  items: { id: string; to: string; subject: string; text: string; hasCalendar: boolean; sentAt: string }[];
  nextCursor: string | null;
};

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const cursor = event.url.searchParams.get("cursor") ?? undefined;
  const result = await createUntypedApi(event).get<Mailbox>("/dev-mailbox", { cursor, limit: 30 });
  // 404: mail goes to a real SMTP server in this deployment.
  if (!result.ok && result.status === 404) return { mailbox: null };
  return { mailbox: must(result, event) };
};
