import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { OrderStatus } from "../../domain/order-state.ts";
import type { CustodyAction, OrderFileKind, ReportLanguage } from "../../enums.ts";
import type { CalendarDayKind } from "../../domain/opening-hours.ts";

/** A transaction client or the root client: repositories work with either. */
export type Tx = Prisma.TransactionClient | Db;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

// ---------------------------------------------------------------------------------------------------------
// Scopes and services

export type ScopeMatch = {
  id: string;
  certification_body_id: string;
  body_code: string;
  body_name_zh: string;
  body_name_en: string;
  cma_number: string | null;
  cnas_number: string | null;
  standard_number: string;
  standard_title_zh: string;
  standard_title_en: string;
  item_zh: string;
  item_en: string;
  product_zh: string;
  product_en: string;
  limits: string;
  cma: boolean;
  cnas: boolean;
  is_sample: boolean;
};

/**
 * Scope lines whose standard number (compared without spaces or case), item, product or standard title
 * contains one of the terms. Bodies are only ever found through such a line.
 */
export const findScopeMatches = (db: Tx, { terms, compactQuery }: { terms: string[]; compactQuery: string }) =>
  db.$queryRaw<ScopeMatch[]>`
    SELECT s.id, s.certification_body_id, cb.code AS body_code, o.name_zh AS body_name_zh, o.name_en AS body_name_en,
      cb.cma_number, cb.cnas_number, s.standard_number, s.standard_title_zh, s.standard_title_en, s.item_zh, s.item_en,
      s.product_zh, s.product_en, s.limits, s.cma, s.cnas, s.is_sample
    FROM accreditation_scope s
    JOIN certification_body cb ON cb.id = s.certification_body_id
    JOIN organization o ON o.id = cb.organization_id
    WHERE replace(lower(s.standard_number), ' ', '') LIKE '%' || ${likeEscape(compactQuery)} || '%'
       OR EXISTS (
         SELECT 1 FROM unnest(${terms.map(likeEscape)}::text[]) AS t(term)
         WHERE lower(s.item_zh) LIKE '%' || t.term || '%' OR lower(s.item_en) LIKE '%' || t.term || '%'
            OR lower(s.product_zh) LIKE '%' || t.term || '%' OR lower(s.product_en) LIKE '%' || t.term || '%'
            OR lower(s.standard_title_zh) LIKE '%' || t.term || '%' OR lower(s.standard_title_en) LIKE '%' || t.term || '%')
    ORDER BY s.standard_number, cb.code, s.item_zh
    LIMIT 1000`;

export const scopesOfBodies = (db: Tx, bodyIds: string[]) =>
  db.accreditationScope.findMany({
    where: { certificationBodyId: { in: bodyIds } },
    orderBy: [{ standardNumber: "asc" }, { itemZh: "asc" }],
  });

export type BodySummary = {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  cma_number: string | null;
  cnas_number: string | null;
};
export const findBodies = (db: Tx, ids: string[]) =>
  db.$queryRaw<BodySummary[]>`
    SELECT cb.id, cb.code, o.name_zh, o.name_en, cb.cma_number, cb.cnas_number
    FROM certification_body cb JOIN organization o ON o.id = cb.organization_id
    WHERE cb.id = ANY(${ids}::uuid[]) ORDER BY cb.code`;

const serviceInclude = {
  items: { orderBy: { position: "asc" } },
  bodies: true,
} as const;
export type ServiceRow = Prisma.TestServiceGetPayload<{ include: typeof serviceInclude }>;

/** Active services whose name contains the query, or that include one of the given (standard, item) pairs. */
export const findServices = (
  db: Tx,
  { nameQuery, ids, limit }: { nameQuery?: string | undefined; ids?: string[]; limit: number },
) =>
  db.testService.findMany({
    where: {
      active: true,
      ...(nameQuery !== undefined || ids
        ? {
            OR: [
              ...(ids ? [{ id: { in: ids } }] : []),
              ...(nameQuery
                ? [
                    { nameZh: { contains: nameQuery, mode: "insensitive" as const } },
                    { nameEn: { contains: nameQuery, mode: "insensitive" as const } },
                  ]
                : []),
            ],
          }
        : {}),
    },
    include: serviceInclude,
    orderBy: { code: "asc" },
    take: limit,
  });

/** Services that include an item some matched scope line covers for one of the service's own bodies. */
export const findServiceIdsCovering = async (db: Tx, scopeIds: string[]) =>
  (
    await db.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT ts.id FROM test_service ts
      JOIN test_service_item i ON i.service_id = ts.id
      JOIN test_service_body b ON b.service_id = ts.id
      JOIN accreditation_scope s ON s.certification_body_id = b.certification_body_id
        AND s.standard_number = i.standard_number AND s.item_zh = i.item_zh
      WHERE s.id = ANY(${scopeIds}::uuid[]) AND ts.active`
  ).map((r) => r.id);

export const findServiceByCode = (db: Tx, code: string) =>
  db.testService.findUnique({ where: { code }, include: serviceInclude });
export const findServiceById = (db: Tx, id: string) =>
  db.testService.findUnique({ where: { id }, include: serviceInclude });

export const findFacilityCodes = async (db: Tx, ids: string[]) =>
  new Map(
    (await db.facility.findMany({ where: { id: { in: ids } }, select: { id: true, code: true } })).map((f) => [
      f.id,
      f.code,
    ]),
  );

export const isFacilityOperator = async (db: Tx, facilityId: string, organizationId: string) =>
  (await db.facilityOperator.count({ where: { facilityId, organizationId } })) > 0;

// ---------------------------------------------------------------------------------------------------------
// Who is who

/** Certification bodies whose organization the user is BODY_STAFF of. */
export const findStaffBodyIds = async (db: Tx, userId: string) =>
  (
    await db.$queryRaw<{ id: string }[]>`
      SELECT cb.id FROM membership m JOIN certification_body cb ON cb.organization_id = m.organization_id
      WHERE m.user_id = ${userId}::uuid AND m.role = 'BODY_STAFF'`
  ).map((r) => r.id);

export const findUserNames = async (db: Tx, ids: string[]) =>
  new Map(
    (await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } })).map(
      (u) => [u.id, u.name],
    ),
  );

export const findOrganizationNames = async (db: Tx, ids: string[]) =>
  new Map(
    (
      await db.organization.findMany({
        where: { id: { in: [...new Set(ids)] } },
        select: { id: true, nameZh: true, nameEn: true },
      })
    ).map((o) => [o.id, o]),
  );

export const loadHolidayCalendar = async (db: Tx, from: Date, to: Date) =>
  new Map<string, CalendarDayKind>(
    (await db.calendarDay.findMany({ where: { date: { gte: from, lte: to } } })).map((d) => [
      d.date.toISOString().slice(0, 10),
      d.kind,
    ]),
  );

// ---------------------------------------------------------------------------------------------------------
// Orders

export type NewOrder = {
  serviceId: string;
  facilityId: string;
  certificationBodyId: string | null;
  organizationId: string;
  requesterId: string;
  sampleName: string;
  sampleQuantity: number;
  matrix: string;
  items: string[];
  standardNumber: string;
  reportLanguage: ReportLanguage;
  retentionDays: number;
  hazards: string;
  note: string;
  resourceId: string | null;
};

/** The order, its first event and its notification in one statement; the order number comes from a sequence. */
export const insertOrder = async (tx: Tx, o: NewOrder) => {
  const rows = await tx.$queryRaw<{ id: string; code: string }[]>`
    WITH inserted AS (
      INSERT INTO test_order (code, service_id, facility_id, certification_body_id, organization_id, requester_id, status,
        sample_name, sample_quantity, matrix, items, standard_number, report_language, retention_days, hazards, note, resource_id)
      VALUES ('WT-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(nextval('test_order_code_seq')::text, 5, '0'),
        ${o.serviceId}::uuid, ${o.facilityId}::uuid, ${o.certificationBodyId}::uuid, ${o.organizationId}::uuid,
        ${o.requesterId}::uuid, 'REQUESTED', ${o.sampleName}, ${o.sampleQuantity}, ${o.matrix}, ${o.items}::text[],
        ${o.standardNumber}, ${o.reportLanguage}::"ReportLanguage", ${o.retentionDays}, ${o.hazards}, ${o.note}, ${o.resourceId}::uuid)
      RETURNING id, code, requester_id
    ), event AS (
      INSERT INTO order_event (order_id, action, from_status, to_status, actor_id)
      SELECT id, 'request', NULL, 'REQUESTED', requester_id FROM inserted
    ), notice AS (
      INSERT INTO outbox (topic, payload)
      SELECT 'order.requested', jsonb_build_object('orderId', id, 'code', code, 'requesterId', requester_id) FROM inserted
    )
    SELECT id, code FROM inserted`;
  return rows[0]!;
};

const orderInclude = {
  service: { include: serviceInclude },
  events: { orderBy: { id: "asc" } },
  custody: { orderBy: { id: "asc" } },
  files: { orderBy: { createdAt: "asc" } },
  reports: { orderBy: { issuedAt: "asc" } },
} as const;
export type OrderRow = Prisma.TestOrderGetPayload<{ include: typeof orderInclude }>;

export const findOrder = (db: Tx, id: string) => db.testOrder.findUnique({ where: { id }, include: orderInclude });

export const findFilesMeta = (db: Tx, ids: string[]) =>
  db.storedFile.findMany({
    where: { id: { in: ids } },
    select: { id: true, filename: true, contentType: true, sizeBytes: true, sha256: true },
  });

export type OrderScope =
  | { kind: "all" }
  | { kind: "lab"; facilityIds: string[]; bodyIds: string[] }
  | { kind: "organization"; organizationIds: string[] }
  | { kind: "mine"; userId: string };

export type OrderFilter = {
  status?: OrderStatus | undefined;
  serviceCode?: string | undefined;
  bodyCode?: string | undefined;
  facilityCode?: string | undefined;
  q?: string | undefined;
};

const scopeWhere = (scope: OrderScope): Prisma.TestOrderWhereInput => {
  switch (scope.kind) {
    case "all":
      return {};
    case "lab":
      return { OR: [{ facilityId: { in: scope.facilityIds } }, { certificationBodyId: { in: scope.bodyIds } }] };
    case "organization":
      return { organizationId: { in: scope.organizationIds } };
    case "mine":
      return { requesterId: scope.userId };
  }
};

/** Newest first, keyset on (created_at, id); the filters only ever narrow the scope. */
export const findOrders = async (
  db: Tx,
  {
    scope,
    filter,
    after,
    limit,
  }: { scope: OrderScope; filter: OrderFilter; after?: { v: string; id: string } | undefined; limit: number },
) => {
  const bodyId = filter.bodyCode
    ? ((await db.certificationBody.findUnique({ where: { code: filter.bodyCode }, select: { id: true } }))?.id ?? null)
    : undefined;
  const facilityId = filter.facilityCode
    ? ((await db.facility.findUnique({ where: { code: filter.facilityCode }, select: { id: true } }))?.id ?? null)
    : undefined;
  return db.testOrder.findMany({
    where: {
      AND: [
        scopeWhere(scope),
        filter.status ? { status: filter.status } : {},
        filter.serviceCode ? { service: { code: filter.serviceCode } } : {},
        bodyId !== undefined ? { certificationBodyId: bodyId ?? "00000000-0000-0000-0000-000000000000" } : {},
        facilityId !== undefined ? { facilityId: facilityId ?? "00000000-0000-0000-0000-000000000000" } : {},
        filter.q
          ? {
              OR: [
                { code: { contains: filter.q, mode: "insensitive" } },
                { sampleName: { contains: filter.q, mode: "insensitive" } },
                { sampleCode: { contains: filter.q, mode: "insensitive" } },
              ],
            }
          : {},
        after
          ? {
              OR: [{ createdAt: { lt: new Date(after.v) } }, { createdAt: new Date(after.v), id: { lt: after.id } }],
            }
          : {},
      ],
    },
    include: { service: { select: { code: true, nameZh: true, nameEn: true, turnaroundDays: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
};
export type OrderListRow = Awaited<ReturnType<typeof findOrders>>[number];

export type OrderChange = Omit<Prisma.TestOrderUpdateManyMutationInput, "version" | "status" | "updatedAt">;

/**
 * Moves the order only if nobody else moved it first (status and version in the WHERE clause), then appends
 * its event and its notification. Returns false when the guard failed.
 */
export const applyTransition = async (
  tx: Tx,
  t: {
    orderId: string;
    version: number;
    from: OrderStatus;
    to: OrderStatus;
    action: string;
    actorId: string;
    reason: string | null;
    change: OrderChange;
    notify: { topic: string; payload: Record<string, unknown> } | null;
  },
) => {
  const { count } = await tx.testOrder.updateMany({
    where: { id: t.orderId, version: t.version, status: t.from },
    data: { ...t.change, status: t.to, version: { increment: 1 }, updatedAt: new Date() },
  });
  if (count === 0) return false;
  await tx.orderEvent.create({
    data: {
      orderId: t.orderId,
      action: t.action,
      fromStatus: t.from,
      toStatus: t.to,
      actorId: t.actorId,
      reason: t.reason,
    },
  });
  if (t.notify) {
    await tx.outbox.create({
      data: { topic: t.notify.topic, payload: t.notify.payload as Prisma.InputJsonValue },
    });
  }
  return true;
};

export const addCustody = (
  tx: Tx,
  c: {
    orderId: string;
    action: CustodyAction;
    condition: string;
    storage: string;
    note: string;
    actorId: string;
    at?: Date;
  },
) => tx.sampleCustody.create({ data: c });

export const enqueue = (tx: Tx, topic: string, payload: Record<string, unknown>) =>
  tx.outbox.create({ data: { topic, payload: payload as Prisma.InputJsonValue } });

export const linkBooking = (tx: Tx, orderId: string, bookingId: string) =>
  tx.testOrder.update({ where: { id: orderId }, data: { bookingId } });

export const addOrderFile = (
  tx: Tx,
  f: { orderId: string; fileId: string; kind: OrderFileKind; uploadedById: string },
) => tx.orderFile.create({ data: f });

// ---------------------------------------------------------------------------------------------------------
// Reports

export const supersedeReports = (tx: Tx, orderId: string) =>
  tx.testReport.updateMany({ where: { orderId, supersededAt: null }, data: { supersededAt: new Date() } });

export const insertReport = (
  tx: Tx,
  r: { orderId: string; fileId: string; sha256: string; verificationCode: string; issuedById: string },
) => tx.testReport.create({ data: r });

export const markReportDownloaded = (tx: Tx, reportId: string) =>
  tx.testReport.updateMany({
    where: { id: reportId, firstDownloadedAt: null },
    data: { firstDownloadedAt: new Date() },
  });

export type VerifiedReport = {
  verification_code: string;
  sha256: string;
  issued_at: Date;
  superseded_at: Date | null;
  order_status: OrderStatus;
  order_code: string;
  service_code: string;
  service_name_zh: string;
  service_name_en: string;
  body_code: string | null;
  body_name_zh: string | null;
  body_name_en: string | null;
  cma_number: string | null;
  cnas_number: string | null;
  facility_code: string;
};

/** What the public verification page may show: never the customer, the sample or the file. */
export const findReportByCode = async (db: Tx, code: string) =>
  (
    await db.$queryRaw<VerifiedReport[]>`
      SELECT r.verification_code, r.sha256, r.issued_at, r.superseded_at, t.status AS order_status, t.code AS order_code,
        s.code AS service_code, s.name_zh AS service_name_zh, s.name_en AS service_name_en,
        cb.code AS body_code, o.name_zh AS body_name_zh, o.name_en AS body_name_en, cb.cma_number, cb.cnas_number,
        f.code AS facility_code
      FROM test_report r
      JOIN test_order t ON t.id = r.order_id
      JOIN test_service s ON s.id = t.service_id
      JOIN facility f ON f.id = t.facility_id
      LEFT JOIN certification_body cb ON cb.id = t.certification_body_id
      LEFT JOIN organization o ON o.id = cb.organization_id
      WHERE r.verification_code = ${code}`
  )[0] ?? null;

// ---------------------------------------------------------------------------------------------------------
// Jobs

/**
 * Reminds the customer that the retained sample is about to be disposed of, once per order. Rows are claimed
 * with FOR UPDATE SKIP LOCKED so several replicas never send the same reminder twice.
 */
export const claimRetentionReminders = async (db: Tx, { leadDays, batch }: { leadDays: number; batch: number }) =>
  (
    await db.$queryRaw<{ id: string }[]>`
      WITH due AS (
        SELECT id FROM test_order
        WHERE retention_reminded_at IS NULL AND status <> 'CANCELLED'
          AND retention_ends_at > now() AND retention_ends_at <= now() + make_interval(days => ${leadDays})
        ORDER BY retention_ends_at LIMIT ${batch}
        FOR UPDATE SKIP LOCKED
      ), marked AS (
        UPDATE test_order t SET retention_reminded_at = now() FROM due WHERE t.id = due.id
        RETURNING t.id, t.code, t.requester_id, t.retention_ends_at
      ), notices AS (
        INSERT INTO outbox (topic, payload)
        SELECT 'order.retention_ending', jsonb_build_object('orderId', id, 'code', code, 'requesterId', requester_id,
          'retentionEndsAt', retention_ends_at) FROM marked
      )
      SELECT id FROM marked`
  ).length;

// ---------------------------------------------------------------------------------------------------------
// Analytics

export type OrderCountRow = {
  month: string;
  body_code: string | null;
  body_name_zh: string | null;
  service_code: string;
  service_name_zh: string;
  orders: number;
};
export type TurnaroundRow = {
  body_code: string | null;
  /** The ROLLUP row over every body in scope. */
  total: boolean;
  reported: number;
  median_days: number | null;
  p90_days: number | null;
  on_time: number;
  on_time_rate: number | null;
};

/** Where-clause pieces shared by the analytics queries: a period and the caller's scope. */
export const analyticsScope = (scope: OrderScope) => {
  if (scope.kind === "all") return { facilityIds: null, bodyIds: null };
  if (scope.kind === "lab") return { facilityIds: scope.facilityIds, bodyIds: scope.bodyIds };
  return { facilityIds: [] as string[], bodyIds: [] as string[] };
};

/**
 * Definitions: an order counts in the month it was requested (Asia/Shanghai). Turnaround runs from sample
 * receipt to the first report, in working days of the holiday calendar (`calendar_day`: a HOLIDAY never counts,
 * a make-up WORKDAY always does, otherwise Monday to Friday), counted as `addWorkingDays` counts the promised
 * date: the local days after the day of receipt up to and including the day of the report. A report on the day
 * of receipt is 0. On time = first report at or before the promised date (`due_at`, receipt + the service's
 * working days); the rate is on time ÷ reported. A report counts in the window its first report was issued in.
 * Income per body comes from the ledger (money module, `incomeByBody`), not from here.
 */
export const orderAnalytics = async (db: Tx, { scope, from, to }: { scope: OrderScope; from: Date; to: Date }) => {
  const { facilityIds, bodyIds } = analyticsScope(scope);
  const all = facilityIds === null;
  const counts = await db.$queryRaw<OrderCountRow[]>`
    SELECT to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, cb.code AS body_code,
      o.name_zh AS body_name_zh, s.code AS service_code, s.name_zh AS service_name_zh, count(*)::int AS orders
    FROM test_order t
    JOIN test_service s ON s.id = t.service_id
    LEFT JOIN certification_body cb ON cb.id = t.certification_body_id
    LEFT JOIN organization o ON o.id = cb.organization_id
    WHERE t.created_at >= ${from} AND t.created_at < ${to}
      AND (${all} OR t.facility_id = ANY(${facilityIds ?? []}::uuid[]) OR t.certification_body_id = ANY(${bodyIds ?? []}::uuid[]))
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2 NULLS FIRST, 4`;
  const turnaround = await db.$queryRaw<TurnaroundRow[]>`
    WITH first_report AS (
      SELECT r.order_id, min(r.issued_at) AS issued_at FROM test_report r GROUP BY r.order_id
    ), measured AS (
      SELECT t.certification_body_id, fr.issued_at <= t.due_at AS on_time,
        (SELECT count(*) FROM generate_series(
            ((t.received_at AT TIME ZONE 'Asia/Shanghai')::date + 1)::timestamp,
            (fr.issued_at AT TIME ZONE 'Asia/Shanghai')::date::timestamp, interval '1 day') AS g(day)
          LEFT JOIN calendar_day cd ON cd.date = g.day::date
          WHERE CASE cd.kind WHEN 'HOLIDAY' THEN false WHEN 'WORKDAY' THEN true
            ELSE extract(isodow FROM g.day) <= 5 END) AS working_days
      FROM test_order t
      JOIN first_report fr ON fr.order_id = t.id
      WHERE t.received_at IS NOT NULL AND fr.issued_at >= ${from} AND fr.issued_at < ${to}
        AND (${all} OR t.facility_id = ANY(${facilityIds ?? []}::uuid[]) OR t.certification_body_id = ANY(${bodyIds ?? []}::uuid[]))
    )
    SELECT cb.code AS body_code, grouping(cb.code) = 1 AS total, count(*)::int AS reported,
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY m.working_days))::numeric, 2)::float8 AS median_days,
      round((percentile_cont(0.9) WITHIN GROUP (ORDER BY m.working_days))::numeric, 2)::float8 AS p90_days,
      count(*) FILTER (WHERE m.on_time)::int AS on_time,
      round(count(*) FILTER (WHERE m.on_time)::numeric / nullif(count(*), 0), 3)::float8 AS on_time_rate
    FROM measured m
    LEFT JOIN certification_body cb ON cb.id = m.certification_body_id
    GROUP BY ROLLUP (cb.code) ORDER BY grouping(cb.code), cb.code NULLS LAST`;
  return { counts, turnaround };
};

/** The one place this module opens a transaction. */
/** Frees the instrument time of a cancelled order: its staff booking is cancelled with an event. */
export const cancelRunBooking = (tx: Tx, bookingId: string, actorId: string, reason: string) =>
  tx.$executeRaw`
    WITH cancelled AS (
      UPDATE booking SET status = 'CANCELLED', version = version + 1, updated_at = now()
      WHERE id = ${bookingId}::uuid AND status IN ('PENDING', 'APPROVED')
      RETURNING id
    )
    INSERT INTO booking_event (booking_id, from_status, to_status, actor_id, reason)
    SELECT id, 'APPROVED', 'CANCELLED', ${actorId}::uuid, ${reason} FROM cancelled`;
