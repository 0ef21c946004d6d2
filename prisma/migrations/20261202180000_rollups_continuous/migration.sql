-- Continuous resources (24/7, holidays ignored; migration 20261202130000_calendar_rules) in the analytics
-- rollups (migration 20261202170000_analytics_rollups): booked time counts every hour of every day, as the
-- from-scratch SQL in analytics.repository.ts counts it, and marking a resource continuous recomputes it.
CREATE OR REPLACE FUNCTION "analytics_booked_pieces"(p_resource UUID, s DOUBLE PRECISION, e DOUBLE PRECISION)
RETURNS TABLE ("day" INTEGER, "seconds" DOUBLE PRECISION) LANGUAGE sql STABLE AS $$
  WITH res AS (SELECT id, facility_id, continuous FROM resource WHERE id = p_resource),
  days AS (
    SELECT d.dn, CASE WHEN (SELECT continuous FROM res) THEN extract(isodow FROM date '1970-01-01' + d.dn)::int
      ELSE CASE cd.kind WHEN 'HOLIDAY' THEN NULL WHEN 'WORKDAY' THEN 1 ELSE extract(isodow FROM date '1970-01-01' + d.dn)::int END END AS weekday
    FROM generate_series(analytics_day(s), analytics_day_before(e)) AS d(dn)
    LEFT JOIN calendar_day cd ON cd.date = date '1970-01-01' + d.dn
  ),
  weekly AS (
    SELECT weekday, lower(x) AS opens_min, upper(x) AS closes_min
    FROM (
      SELECT h.weekday, range_agg(int4range(h.opens_min, h.closes_min)) AS ranges
      FROM (
        SELECT oh.weekday, oh.opens_min, oh.closes_min FROM res r JOIN opening_hours oh ON oh.resource_id = r.id
        WHERE NOT r.continuous
        UNION ALL
        SELECT oh.weekday, oh.opens_min, oh.closes_min
        FROM res r JOIN opening_hours oh ON oh.facility_id = r.facility_id AND oh.resource_id IS NULL
        WHERE NOT r.continuous AND NOT EXISTS (SELECT 1 FROM opening_hours own WHERE own.resource_id = r.id)
        UNION ALL
        SELECT g, 0, 1440 FROM res r CROSS JOIN generate_series(1, 7) g WHERE r.continuous
      ) h GROUP BY h.weekday
    ) merged CROSS JOIN LATERAL unnest(ranges) x
  ),
  closed AS (
    SELECT range_agg(int8range(floor(date_part('epoch', c.starts_at))::bigint, ceil(date_part('epoch', c.ends_at))::bigint)) AS ranges
    FROM res r JOIN closure c ON c.resource_id = r.id OR (c.resource_id IS NULL AND c.facility_id = r.facility_id)
    WHERE date_part('epoch', c.starts_at) < e AND date_part('epoch', c.ends_at) > s
  ),
  piece AS (
    SELECT d.dn, greatest(s, d.dn::float8 * 86400 - 28800 + w.opens_min * 60) AS lo,
      least(e, d.dn::float8 * 86400 - 28800 + w.closes_min * 60) AS hi
    FROM days d JOIN weekly w ON w.weekday = d.weekday
  )
  SELECT p.dn, sum(CASE
      WHEN c.ranges IS NULL OR NOT c.ranges && int8range(floor(p.lo)::bigint, ceil(p.hi)::bigint) THEN p.hi - p.lo
      ELSE (SELECT coalesce(sum(upper(x) - lower(x)), 0) FROM unnest(int8multirange(int8range(floor(p.lo)::bigint, ceil(p.hi)::bigint)) - c.ranges) x)
    END)::float8
  FROM piece p CROSS JOIN closed c
  WHERE p.hi > p.lo
  GROUP BY p.dn
$$;

DROP TRIGGER IF EXISTS "resource_analytics" ON "resource";
CREATE TRIGGER "resource_analytics" AFTER UPDATE OF "facility_id", "kind", "continuous" ON "resource"
  FOR EACH ROW WHEN (OLD.facility_id IS DISTINCT FROM NEW.facility_id OR OLD.kind IS DISTINCT FROM NEW.kind
    OR OLD.continuous IS DISTINCT FROM NEW.continuous)
  EXECUTE FUNCTION analytics_resource_trigger();

-- Resources already marked continuous (seeded by the calendar migration's data or since).
SELECT analytics_rebuild_units(array_agg(id)) FROM resource WHERE continuous HAVING count(*) > 0;

-- A resource's ways of use (migration 20261202130000_calendar_rules) are read with the resource through the
-- catalog cache (migration 20261202170001_catalog_version): changing one must invalidate it like any other
-- catalog change, or a withdrawn offer could still be booked.
CREATE TRIGGER "resource_offer_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "resource_offer"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
