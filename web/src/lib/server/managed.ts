import { createApi, must, type ApiEvent } from "$lib/server/api";
import type { Facility, Page, Resource } from "$lib/types";

/** The facility a manager picked (?facility=CODE), defaulting to the first they manage, with its resources. */
export const pickManagedFacility = async (event: ApiEvent, managed: Facility[]) => {
  const code = event.url.searchParams.get("facility");
  const facility = managed.find((f) => f.code === code) ?? managed[0]!;
  const resources = must(
    await createApi(event).get<Page<Resource>>("/resources", { facility: facility.code, limit: 100 }),
    event,
  ).items;
  return { facility, resources };
};
