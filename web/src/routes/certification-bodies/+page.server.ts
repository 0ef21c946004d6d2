import { call, createApi, must } from "$lib/server/api";
import { CERT_DOMAINS, type CertificationBody, type Page } from "$lib/types";
import type { PageServerLoad } from "./$types";
import { ACCREDITATIONS } from "@zhongshi/api/enums";

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const domain = (CERT_DOMAINS as readonly string[]).includes(params.get("domain") ?? "") ? params.get("domain")! : "";
  const accreditation = (ACCREDITATIONS as readonly string[]).includes(params.get("accreditation") ?? "")
    ? params.get("accreditation")!
    : "";
  const q = params.get("q")?.trim().slice(0, 100) ?? "";
  const api = createApi(event);
  const items: CertificationBody[] = [];
  let cursor: string | null = null;
  do {
    const query = {
      domain: CERT_DOMAINS.find((d) => d === domain),
      accreditation: ACCREDITATIONS.find((a) => a === accreditation),
      q: q || undefined,
      limit: "100",
      cursor: cursor ?? undefined,
    };
    const page: Page<CertificationBody> = must(await call(api["certification-bodies"].$get({ query })), event);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 500);
  return { bodies: items, filters: { domain, accreditation, q } };
};
