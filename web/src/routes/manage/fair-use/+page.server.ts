import { redirect } from "@sveltejs/kit";
import { call, createApi, failWith, must } from "$lib/server/api";
import { readRule } from "./rule-form";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const { managed } = await event.parent();
  const api = createApi(event);
  const rules = await Promise.all(
    managed.map(async (facility) => ({
      facility,
      rule: must(await call(api.facilities[":code"]["fair-use"].$get({ param: { code: facility.code } })), event),
    })),
  );
  const suspensions = must(await call(api.suspensions.$get({ query: { active: "true", limit: "100" } })), event);
  return { rules, suspensions: suspensions.items, lift: event.url.searchParams.get("lift") };
};

export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const code = String(form.get("code") ?? "");
    const result = await call(
      createApi(event).facilities[":code"]["fair-use"].$put({ param: { code }, json: readRule(form) }),
    );
    if (!result.ok) return failWith(result, { code });
    redirect(303, `/manage/fair-use?saved=${code}`);
  },
  lift: async (event) => {
    const id = String((await event.request.formData()).get("id") ?? "");
    const result = await call(createApi(event).suspensions[":id"].lift.$post({ param: { id } }));
    if (!result.ok) return failWith(result, { code: "" });
    redirect(303, "/manage/fair-use?lifted=1");
  },
};
