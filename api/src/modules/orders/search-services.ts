import type { Db } from "../../lib/db.ts";
import { AppError } from "../../lib/app-error.ts";
import { compact, searchTerms } from "../../domain/search-terms.ts";
import * as repo from "./orders.repository.ts";
import { toServiceSummary } from "./orders.mappers.ts";

const lineOf = (m: repo.ScopeMatch) => ({
  standardNumber: m.standard_number,
  standardTitleZh: m.standard_title_zh,
  standardTitleEn: m.standard_title_en,
  itemZh: m.item_zh,
  itemEn: m.item_en,
  productZh: m.product_zh,
  productEn: m.product_en,
  limits: m.limits,
  cma: m.cma,
  cnas: m.cnas,
  isSample: m.is_sample,
});

const bodyOf = (b: {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  cma_number: string | null;
  cnas_number: string | null;
}) => ({
  id: b.id,
  code: b.code,
  nameZh: b.name_zh,
  nameEn: b.name_en,
  cmaNumber: b.cma_number,
  cnasNumber: b.cnas_number,
});

/**
 * Services and bodies for a standard number, item or product. A body appears only through a scope line that
 * matched; on a service, only the performing bodies whose matched lines are items of that service are listed
 * as accredited. An empty query lists the whole catalogue without accreditation claims.
 */
export const searchServices = async ({ db, query, limit }: { db: Db; query: string; limit: number }) => {
  const q = query.trim();
  if (!q) {
    const services = await repo.findServices(db, { limit });
    return { query: q, services: await withFacility(db, services, () => []), bodies: [] };
  }
  const matches = await repo.findScopeMatches(db, { terms: searchTerms(q), compactQuery: compact(q) });
  const serviceIds = matches.length
    ? await repo.findServiceIdsCovering(
        db,
        matches.map((m) => m.id),
      )
    : [];
  const services = await repo.findServices(db, { nameQuery: q, ids: serviceIds, limit });

  const byBody = new Map<string, { body: ReturnType<typeof bodyOf>; lines: ReturnType<typeof lineOf>[] }>();
  for (const m of matches) {
    const entry = byBody.get(m.certification_body_id) ?? {
      body: bodyOf({
        ...m,
        id: m.certification_body_id,
        code: m.body_code,
        name_zh: m.body_name_zh,
        name_en: m.body_name_en,
      }),
      lines: [],
    };
    entry.lines.push(lineOf(m));
    byBody.set(m.certification_body_id, entry);
  }

  return {
    query: q,
    services: await withFacility(db, services, (service) => {
      const performing = new Set(service.bodies.map((b) => b.certificationBodyId));
      const items = new Set(service.items.map((i) => `${i.standardNumber}\u0000${i.itemZh}`));
      return [...byBody.values()]
        .filter(({ body }) => performing.has(body.id))
        .map(({ body, lines }) => {
          const covered = lines.filter((l) => items.has(`${l.standardNumber}\u0000${l.itemZh}`));
          return {
            ...body,
            cma: covered.some((l) => l.cma),
            cnas: covered.some((l) => l.cnas),
            items: covered.map((l) => ({ standardNumber: l.standardNumber, itemZh: l.itemZh, itemEn: l.itemEn })),
          };
        })
        .filter((b) => b.items.length > 0);
    }),
    bodies: [...byBody.values()].map(({ body, lines }) => ({ ...body, lines })),
  };
};

type Accredited = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  cmaNumber: string | null;
  cnasNumber: string | null;
  cma: boolean;
  cnas: boolean;
  items: { standardNumber: string; itemZh: string; itemEn: string }[];
};

const withFacility = async (
  db: Db,
  services: repo.ServiceRow[],
  accredited: (service: repo.ServiceRow) => Accredited[],
) => {
  const codes = await repo.findFacilityCodes(
    db,
    services.map((s) => s.facilityId),
  );
  return services.map((s) => ({
    ...toServiceSummary(s, codes.get(s.facilityId) ?? ""),
    accreditedBodies: accredited(s),
  }));
};

/**
 * One service with every performing body and, per body, which of the service's items its scope covers (the
 * CMA mark may be used only on those).
 */
export const getService = async ({ db, code }: { db: Db; code: string }) => {
  const service = await repo.findServiceByCode(db, code);
  if (!service || !service.active) throw new AppError("NOT_FOUND", `No test service ${code}.`);
  const bodyIds = service.bodies.map((b) => b.certificationBodyId);
  const [bodies, scopes, facilities] = await Promise.all([
    repo.findBodies(db, bodyIds),
    repo.scopesOfBodies(db, bodyIds),
    repo.findFacilityCodes(db, [service.facilityId]),
  ]);
  return {
    ...toServiceSummary(service, facilities.get(service.facilityId) ?? ""),
    bodies: bodies.map((b) => {
      const own = scopes.filter((s) => s.certificationBodyId === b.id);
      const items = service.items.map((item) => {
        const line = own.find((s) => s.standardNumber === item.standardNumber && s.itemZh === item.itemZh);
        return {
          standardNumber: item.standardNumber,
          itemZh: item.itemZh,
          itemEn: item.itemEn,
          accredited: Boolean(line),
          cma: line?.cma ?? false,
          cnas: line?.cnas ?? false,
          limits: line?.limits ?? null,
        };
      });
      return { ...bodyOf(b), items, coversAllItems: items.every((i) => i.accredited) };
    }),
  };
};
