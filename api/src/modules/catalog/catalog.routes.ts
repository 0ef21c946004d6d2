import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor, json, problems, router } from "../../lib/openapi.ts";
import * as repo from "./catalog.repository.ts";
import { assertWindow, computeAvailability } from "./availability.service.ts";
import { isoRange, toCertificationBody, toResource } from "./catalog.mappers.ts";
import {
  page,
  ZAvailability,
  ZCertificationBody,
  ZCertificationBodyQuery,
  ZFacility,
  ZResource,
  ZResourceListQuery,
  ZWindowQuery,
} from "./catalog.schemas.ts";

const ZCodeParam = z.object({ code: z.string().min(1).max(60) });
const ZCodeCursor = z.object({ code: z.string() });

type FacilityRow = NonNullable<Awaited<ReturnType<typeof repo.findFacility>>>;
const toFacility = ({ operators, openingHours, _count, createdAt, ...f }: FacilityRow) => {
  void createdAt;
  return {
    ...f,
    operators: operators.map(({ organization: o }) => ({
      id: o.id,
      nameZh: o.nameZh,
      nameEn: o.nameEn,
      isSample: o.isSample,
    })),
    resourceCount: _count.resources,
    openingHours: openingHours.map(({ weekday, opensMin, closesMin }) => ({ weekday, opensMin, closesMin })),
  };
};

const pageOf = <T extends { code: string }, U>(rows: T[], limit: number, map: (row: T) => U) => {
  const items = rows.slice(0, limit);
  return { items: items.map(map), nextCursor: rows.length > limit ? encodeCursor({ code: items.at(-1)!.code }) : null };
};

const availabilityBody = (resources: repo.ResourceRow[], results: Awaited<ReturnType<typeof computeAvailability>>) =>
  results.map((result, i) => ({
    resourceId: result.resourceId,
    resourceCode: resources[i]!.code,
    open: result.open.map(isoRange),
    free: result.free.map(isoRange),
    units: result.units.map((u) => ({
      unitId: u.unitId,
      label: u.label,
      free: u.free.map(isoRange),
      busy: u.busy.map(isoRange),
    })),
  }));

export const catalogRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/facilities",
      operationId: "listFacilities",
      tags: ["catalog"],
      summary: "The facilities (两基地三中心 and any added since)",
      responses: { 200: json(z.object({ items: z.array(ZFacility) })), ...problems(400) },
    }),
    async (c) => c.json({ items: (await repo.findFacilities(c.var.db)).map(toFacility) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/facilities/{code}",
      operationId: "getFacility",
      tags: ["catalog"],
      summary: "One facility",
      request: { params: ZCodeParam },
      responses: { 200: json(ZFacility), ...problems(404) },
    }),
    async (c) => {
      const facility = await repo.findFacility(c.var.db, c.req.valid("param").code);
      if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
      return c.json(toFacility(facility), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/facilities/{code}/availability",
      operationId: "getFacilityAvailability",
      tags: ["catalog"],
      summary: "Availability of every resource of a facility over a window (at most 62 days)",
      request: { params: ZCodeParam, query: ZWindowQuery },
      responses: { 200: json(z.object({ items: z.array(ZAvailability) })), ...problems(400, 404) },
    }),
    async (c) => {
      const { from, to } = c.req.valid("query");
      const window = { start: from.getTime(), end: to.getTime() };
      assertWindow(window);
      const facility = await repo.findFacility(c.var.db, c.req.valid("param").code);
      if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
      const resources = await repo.findResourcesOfFacility(c.var.db, facility.id);
      const results = await computeAvailability({ db: c.var.db, resources, window });
      return c.json({ items: availabilityBody(resources, results) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/resources",
      operationId: "listResources",
      tags: ["catalog"],
      summary: "Search resources",
      request: { query: ZResourceListQuery },
      responses: { 200: json(page(ZResource)), ...problems(400) },
    }),
    async (c) => {
      const { facility, kind, mode, q, cursor, limit } = c.req.valid("query");
      const after = decodeCursor(cursor, ZCodeCursor);
      const rows = await repo.findResources(c.var.db, {
        facilityCode: facility,
        kind,
        mode,
        q,
        afterCode: after?.code,
        take: limit + 1,
      });
      return c.json(pageOf(rows, limit, toResource), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/resources/{code}",
      operationId: "getResource",
      tags: ["catalog"],
      summary: "One resource with its policy, prices, specs and units",
      request: { params: ZCodeParam },
      responses: { 200: json(ZResource), ...problems(404) },
    }),
    async (c) => {
      const resource = await repo.findResourceByCode(c.var.db, c.req.valid("param").code);
      if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
      return c.json(toResource(resource), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/resources/{code}/availability",
      operationId: "getResourceAvailability",
      tags: ["catalog"],
      summary: "Free and occupied time of a resource and its units (who holds a slot is not shown)",
      request: { params: ZCodeParam, query: ZWindowQuery },
      responses: { 200: json(ZAvailability), ...problems(400, 404) },
    }),
    async (c) => {
      const { from, to } = c.req.valid("query");
      const window = { start: from.getTime(), end: to.getTime() };
      assertWindow(window);
      const resource = await repo.findResourceByCode(c.var.db, c.req.valid("param").code);
      if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
      const results = await computeAvailability({ db: c.var.db, resources: [resource], window });
      return c.json(availabilityBody([resource], results)[0]!, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/certification-bodies",
      operationId: "listCertificationBodies",
      tags: ["catalog"],
      summary: "The certification bodies of the testing center, filtered by domain and accreditation",
      request: { query: ZCertificationBodyQuery },
      responses: { 200: json(page(ZCertificationBody)), ...problems(400) },
    }),
    async (c) => {
      const { domain, accreditation, q, cursor, limit } = c.req.valid("query");
      const after = decodeCursor(cursor, ZCodeCursor);
      const rows = await repo.findCertificationBodies(c.var.db, {
        domain,
        accreditation,
        q,
        afterCode: after?.code,
        take: limit + 1,
      });
      return c.json(pageOf(rows, limit, toCertificationBody), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/certification-bodies/{code}",
      operationId: "getCertificationBody",
      tags: ["catalog"],
      summary: "One certification body",
      request: { params: ZCodeParam },
      responses: { 200: json(ZCertificationBody), ...problems(404) },
    }),
    async (c) => {
      const body = await repo.findCertificationBody(c.var.db, c.req.valid("param").code);
      if (!body) throw new AppError("NOT_FOUND", "No such certification body.");
      return c.json(toCertificationBody(body), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/search",
      operationId: "search",
      tags: ["catalog"],
      summary: "Search across resources and certification bodies",
      request: { query: z.object({ q: z.string().trim().min(1).max(100) }) },
      responses: {
        200: json(z.object({ resources: z.array(ZResource), certificationBodies: z.array(ZCertificationBody) })),
        ...problems(400),
      },
    }),
    async (c) => {
      const { q } = c.req.valid("query");
      const [resources, bodies] = await Promise.all([
        repo.findResources(c.var.db, { q, take: 20 }),
        repo.findCertificationBodies(c.var.db, { q, take: 20 }),
      ]);
      return c.json(
        { resources: resources.map(toResource), certificationBodies: bodies.map(toCertificationBody) },
        200,
      );
    },
  );
