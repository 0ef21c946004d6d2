import { redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { SampleLabel } from "$lib/orders";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const label = must(
    await createUntypedApi(event).get<SampleLabel>(`/orders/${encodeURIComponent(event.params.id)}/label`),
    event,
  );
  return { label, orderId: event.params.id };
};
