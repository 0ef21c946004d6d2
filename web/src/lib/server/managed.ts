import { call, createApi, must, type ApiEvent } from "$lib/server/api";
import type { Facility } from "$lib/types";

/** The facility a manager picked (?facility=CODE), defaulting to the first they manage, with its resources. */
export const pickManagedFacility = async (event: ApiEvent, managed: Facility[]) => {
  const code = event.url.searchParams.get("facility");
  const facility = managed.find((f) => f.code === code) ?? managed[0]!;
  const resources = must(
    await call(createApi(event).resources.$get({ query: { facility: facility.code, limit: "100" } })),
    event,
  ).items;
  return { facility, resources };
};
