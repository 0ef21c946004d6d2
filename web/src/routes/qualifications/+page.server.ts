import { redirect } from "@sveltejs/kit";
import { must, signInUrl } from "$lib/server/api";
import { createUntypedApi } from "$lib/server/legacy-api";
import type { MyQualification, Page, TrainingRequest } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.me) redirect(303, signInUrl(event.url));
  const api = createUntypedApi(event);
  const [qualifications, requests] = await Promise.all([
    api.get<{ items: MyQualification[] }>("/me/qualifications"),
    api.get<Page<TrainingRequest>>("/training-requests", { mine: "true", limit: 100 }),
  ]);
  return { qualifications: must(qualifications, event).items, requests: must(requests, event).items };
};
