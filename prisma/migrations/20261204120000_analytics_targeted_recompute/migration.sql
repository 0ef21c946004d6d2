-- Changes to the holiday calendar, opening hours, closures, operators and resources recompute only the rollup
-- figures they can change (migration 20261202170000_analytics_rollups recomputed every unit over all time on a
-- calendar change: minutes at 1M bookings, past the request's 15 s statement timeout):
--   calendar day          → booked seconds of the changed dates (where the kind changed), non-continuous resources;
--   closure               → booked seconds of the closure's days (old and new), its resource or facility's resources;
--   opening hours         → booked seconds of the resources that use the changed rows (a facility's row: its
--                           resources without hours of their own), non-continuous;
--   operator              → outside seconds (对外服务机时) of the facility's resources;
--   resource moved / kind / continuous → its own booked (and outside) seconds; its organization figures move
--                           from the old facility and kind to the new ones instead of a rebuild of every organization.
-- Status counts never depend on these, and are left alone.
--
-- The recomputation is set-based (one pass over the bookings in scope, as the from-scratch SQL in
-- api/src/modules/analytics/analytics.repository.ts counts them), not a call per booking, so the full rebuild
-- after a bulk load uses it too.

-- Booked seconds (p_booked) and effective/outside seconds (p_used) per unit and local day, recomputed for the
-- resources p_resources (NULL: all) on the local days p_days (day numbers; NULL: all), written where they
-- differ; the month rows of those resources and months are then summed again from the day rows. Takes the
-- same lock as analytics_rebuild_units: it waits for transactions that already added to the rollups and holds
-- back new ones until it commits, so nothing is counted twice or lost.
CREATE FUNCTION "analytics_recompute_units"(p_resources UUID[], p_days INT4MULTIRANGE, p_booked BOOLEAN, p_used BOOLEAN)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  lo timestamptz := '-infinity';
  hi timestamptz := 'infinity';
  months int4multirange;
  -- Bounds of p_days and of months, so that the day columns' indexes serve (<@ alone cannot use them).
  d_lo int := -2147483648;
  d_hi int := 2147483647;
  m_lo int := -2147483648;
  m_hi int := 2147483647;
BEGIN
  IF (p_resources IS NOT NULL AND cardinality(p_resources) = 0) OR (p_days IS NOT NULL AND isempty(p_days))
    OR NOT (p_booked OR p_used) THEN
    RETURN;
  END IF;
  IF p_days IS NOT NULL AND NOT lower_inf(p_days) AND NOT upper_inf(p_days) THEN
    lo := to_timestamp(lower(p_days)::float8 * 86400 - 28800);
    hi := to_timestamp(upper(p_days)::float8 * 86400 - 28800);
    SELECT range_agg(int4range(
        date_trunc('month', date '1970-01-01' + lower(r))::date - date '1970-01-01',
        (date_trunc('month', date '1970-01-01' + (upper(r) - 1)) + interval '1 month')::date - date '1970-01-01'))
      INTO months FROM unnest(p_days) r;
    d_lo := lower(p_days);
    d_hi := upper(p_days);
    m_lo := lower(months);
    m_hi := upper(months);
  ELSE
    p_days := NULL;
  END IF;
  LOCK TABLE analytics_unit_day, analytics_unit_month IN SHARE ROW EXCLUSIVE MODE;

  IF p_booked THEN
    WITH res AS (
      SELECT id, facility_id, continuous FROM resource WHERE p_resources IS NULL OR id = ANY(p_resources)
    ),
    -- Each resource's weekly hours merged per weekday (its own rows, else its facility's); 24/7 if continuous.
    weekly AS (
      SELECT resource_id, weekday, lower(x) AS opens_min, upper(x) AS closes_min
      FROM (
        SELECT h.resource_id, h.weekday, range_agg(int4range(h.opens_min, h.closes_min)) AS ranges
        FROM (
          SELECT r.id AS resource_id, oh.weekday, oh.opens_min, oh.closes_min
          FROM res r JOIN opening_hours oh ON oh.resource_id = r.id WHERE NOT r.continuous
          UNION ALL
          SELECT r.id, oh.weekday, oh.opens_min, oh.closes_min
          FROM res r JOIN opening_hours oh ON oh.facility_id = r.facility_id AND oh.resource_id IS NULL
          WHERE NOT r.continuous AND NOT EXISTS (SELECT 1 FROM opening_hours own WHERE own.resource_id = r.id)
        ) h
        GROUP BY h.resource_id, h.weekday
      ) merged CROSS JOIN LATERAL unnest(ranges) x
      UNION ALL
      SELECT r.id, g, 0, 1440 FROM res r CROSS JOIN generate_series(1, 7) g WHERE r.continuous
    ),
    closed AS (
      SELECT r.id AS resource_id,
        range_agg(int8range(floor(date_part('epoch', c.starts_at))::bigint, ceil(date_part('epoch', c.ends_at))::bigint)) AS ranges
      FROM res r JOIN closure c ON c.resource_id = r.id OR (c.resource_id IS NULL AND c.facility_id = r.facility_id)
      WHERE c.starts_at < hi AND c.ends_at > lo
      GROUP BY r.id
    ),
    span AS MATERIALIZED (
      SELECT b.unit_id, b.resource_id, r.continuous, b.s, b.e, analytics_day(b.s) AS d1, analytics_day_before(b.e) AS d2
      FROM (
        SELECT b.unit_id, b.resource_id, date_part('epoch', b.starts_at) AS s, date_part('epoch', b.ends_at) AS e
        FROM booking b
        WHERE b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
          AND (p_resources IS NULL OR b.resource_id = ANY(p_resources))
          AND b.starts_at < hi AND b.ends_at > lo
      ) b JOIN res r ON r.id = b.resource_id
    ),
    booking_day AS (
      SELECT unit_id, resource_id, continuous, s, e, d1 AS dn FROM span WHERE p_days IS NULL OR d1 <@ p_days
      UNION ALL
      SELECT unit_id, resource_id, continuous, s, e, d.dn
      FROM span CROSS JOIN LATERAL generate_series(d1 + 1, d2) AS d(dn)
      WHERE d2 > d1 AND (p_days IS NULL OR d.dn <@ p_days)
    ),
    piece AS (
      SELECT bd.unit_id, bd.resource_id, bd.dn,
        greatest(bd.s, bd.dn::float8 * 86400 - 28800 + w.opens_min * 60) AS lo,
        least(bd.e, bd.dn::float8 * 86400 - 28800 + w.closes_min * 60) AS hi
      FROM booking_day bd
      LEFT JOIN calendar_day cd ON cd.date = date '1970-01-01' + bd.dn
      JOIN weekly w ON w.resource_id = bd.resource_id AND w.weekday = CASE
        WHEN bd.continuous THEN extract(isodow FROM date '1970-01-01' + bd.dn)::int
        ELSE CASE cd.kind WHEN 'HOLIDAY' THEN NULL WHEN 'WORKDAY' THEN 1 ELSE extract(isodow FROM date '1970-01-01' + bd.dn)::int END
      END
    ),
    fresh AS (
      SELECT p.unit_id, p.resource_id, p.dn AS day, sum(CASE
          WHEN c.ranges IS NULL OR NOT c.ranges && int8range(floor(p.lo)::bigint, ceil(p.hi)::bigint) THEN p.hi - p.lo
          ELSE (SELECT coalesce(sum(upper(x) - lower(x)), 0) FROM unnest(int8multirange(int8range(floor(p.lo)::bigint, ceil(p.hi)::bigint)) - c.ranges) x)
        END)::float8 AS booked
      FROM piece p LEFT JOIN closed c ON c.resource_id = p.resource_id
      WHERE p.hi > p.lo
      GROUP BY p.unit_id, p.resource_id, p.dn
    ),
    old AS (
      SELECT a.unit_id, a.resource_id, a.day, a.booked_s FROM analytics_unit_day a
      WHERE a.booked_s <> 0 AND (p_resources IS NULL OR a.resource_id = ANY(p_resources))
        AND a.day >= d_lo AND a.day < d_hi AND (p_days IS NULL OR a.day <@ p_days)
    )
    INSERT INTO analytics_unit_day AS a (unit_id, resource_id, day, booked_s)
    SELECT unit_id, resource_id, day, coalesce(f.booked, 0)
    FROM fresh f FULL JOIN old o USING (unit_id, resource_id, day)
    WHERE coalesce(f.booked, 0) IS DISTINCT FROM coalesce(o.booked_s, 0)
    ON CONFLICT (unit_id, resource_id, day) DO UPDATE SET booked_s = EXCLUDED.booked_s;
  END IF;

  IF p_used THEN
    WITH fresh AS (
      SELECT u.unit_id, u.resource_id, p.day, sum(p.seconds)::float8 AS effective,
        sum(CASE WHEN u.organization_id IS NOT NULL AND fo.organization_id IS NULL THEN p.seconds ELSE 0 END)::float8 AS outside
      FROM usage_record u
      JOIN resource r ON r.id = u.resource_id
      LEFT JOIN facility_operator fo ON fo.facility_id = r.facility_id AND fo.organization_id = u.organization_id
      CROSS JOIN LATERAL analytics_usage_pieces(date_part('epoch', u.started_at), date_part('epoch', u.ended_at)) p
      WHERE u.ended_at IS NOT NULL AND (p_resources IS NULL OR u.resource_id = ANY(p_resources))
        AND u.started_at < hi AND u.ended_at > lo AND (p_days IS NULL OR p.day <@ p_days)
      GROUP BY u.unit_id, u.resource_id, p.day
    ),
    old AS (
      SELECT a.unit_id, a.resource_id, a.day, a.effective_s, a.outside_s FROM analytics_unit_day a
      WHERE (a.effective_s <> 0 OR a.outside_s <> 0) AND (p_resources IS NULL OR a.resource_id = ANY(p_resources))
        AND a.day >= d_lo AND a.day < d_hi AND (p_days IS NULL OR a.day <@ p_days)
    )
    INSERT INTO analytics_unit_day AS a (unit_id, resource_id, day, effective_s, outside_s)
    SELECT unit_id, resource_id, day, coalesce(f.effective, 0), coalesce(f.outside, 0)
    FROM fresh f FULL JOIN old o USING (unit_id, resource_id, day)
    WHERE (coalesce(f.effective, 0), coalesce(f.outside, 0)) IS DISTINCT FROM (coalesce(o.effective_s, 0), coalesce(o.outside_s, 0))
    ON CONFLICT (unit_id, resource_id, day) DO UPDATE SET effective_s = EXCLUDED.effective_s, outside_s = EXCLUDED.outside_s;
  END IF;

  -- The months those days fall in, summed again from their day rows (which are the whole truth).
  INSERT INTO analytics_unit_month AS m (unit_id, resource_id, month, booked_s, effective_s, outside_s)
  SELECT unit_id, resource_id, date_trunc('month', date '1970-01-01' + day)::date, sum(booked_s), sum(effective_s), sum(outside_s)
  FROM analytics_unit_day
  WHERE (p_resources IS NULL OR resource_id = ANY(p_resources)) AND day >= m_lo AND day < m_hi
    AND (months IS NULL OR day <@ months)
  GROUP BY 1, 2, 3
  ON CONFLICT (unit_id, resource_id, month) DO UPDATE
    SET booked_s = EXCLUDED.booked_s, effective_s = EXCLUDED.effective_s, outside_s = EXCLUDED.outside_s
    WHERE (m.booked_s, m.effective_s, m.outside_s) IS DISTINCT FROM (EXCLUDED.booked_s, EXCLUDED.effective_s, EXCLUDED.outside_s);
END $$;

-- Everything for some resources (NULL: all): status counts set-based, then the seconds through the function above.
CREATE OR REPLACE FUNCTION "analytics_rebuild_units"(p_resources UUID[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE analytics_unit_day, analytics_unit_month IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM analytics_unit_day WHERE p_resources IS NULL OR resource_id = ANY(p_resources);
  DELETE FROM analytics_unit_month WHERE p_resources IS NULL OR resource_id = ANY(p_resources);
  INSERT INTO analytics_unit_day (unit_id, resource_id, day,
    n_pending, n_approved, n_rejected, n_cancelled, n_checked_in, n_completed, n_no_show, n_expired)
  SELECT b.unit_id, b.resource_id, analytics_day(date_part('epoch', b.starts_at)),
    count(*) FILTER (WHERE b.status = 'PENDING'), count(*) FILTER (WHERE b.status = 'APPROVED'),
    count(*) FILTER (WHERE b.status = 'REJECTED'), count(*) FILTER (WHERE b.status = 'CANCELLED'),
    count(*) FILTER (WHERE b.status = 'CHECKED_IN'), count(*) FILTER (WHERE b.status = 'COMPLETED'),
    count(*) FILTER (WHERE b.status = 'NO_SHOW'), count(*) FILTER (WHERE b.status = 'EXPIRED')
  FROM booking b WHERE b.kind = 'BOOKING' AND (p_resources IS NULL OR b.resource_id = ANY(p_resources))
  GROUP BY 1, 2, 3;
  INSERT INTO analytics_unit_month (unit_id, resource_id, month,
    n_pending, n_approved, n_rejected, n_cancelled, n_checked_in, n_completed, n_no_show, n_expired)
  SELECT unit_id, resource_id, date_trunc('month', date '1970-01-01' + day)::date, sum(n_pending), sum(n_approved),
    sum(n_rejected), sum(n_cancelled), sum(n_checked_in), sum(n_completed), sum(n_no_show), sum(n_expired)
  FROM analytics_unit_day WHERE p_resources IS NULL OR resource_id = ANY(p_resources)
  GROUP BY 1, 2, 3;
  PERFORM analytics_recompute_units(p_resources, NULL, true, true);
END $$;

-- A resource's organization figures (counted bookings by start day, closed usage by day) moved from one
-- facility and kind to another.
CREATE FUNCTION "analytics_move_orgs"(p_resource UUID, p_old_facility UUID, p_old_kind "ResourceKind",
  p_new_facility UUID, p_new_kind "ResourceKind")
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE analytics_org_day, analytics_org_month IN SHARE ROW EXCLUSIVE MODE;
  WITH moved AS (
    SELECT x.facility_id, x.kind AS resource_kind, c.organization_id, c.day, sum(x.sign * c.used) AS used_s,
      sum(x.sign * c.bookings)::int AS bookings
    FROM (
      SELECT b.organization_id, analytics_day(date_part('epoch', b.starts_at)) AS day, 0::float8 AS used, 1 AS bookings
      FROM booking b
      WHERE b.resource_id = p_resource AND b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
        AND b.organization_id IS NOT NULL
      UNION ALL
      SELECT u.organization_id, p.day, p.seconds, 0
      FROM usage_record u
      CROSS JOIN LATERAL analytics_usage_pieces(date_part('epoch', u.started_at), date_part('epoch', u.ended_at)) p
      WHERE u.resource_id = p_resource AND u.ended_at IS NOT NULL AND u.organization_id IS NOT NULL
    ) c
    CROSS JOIN (VALUES (p_old_facility, p_old_kind, -1), (p_new_facility, p_new_kind, 1)) AS x(facility_id, kind, sign)
    GROUP BY 1, 2, 3, 4
  ),
  by_day AS (
    INSERT INTO analytics_org_day AS a (facility_id, resource_kind, organization_id, day, used_s, bookings)
    SELECT facility_id, resource_kind, organization_id, day, used_s, bookings FROM moved
    ON CONFLICT (facility_id, resource_kind, organization_id, day) DO UPDATE
      SET used_s = a.used_s + EXCLUDED.used_s, bookings = a.bookings + EXCLUDED.bookings
  )
  INSERT INTO analytics_org_month AS a (facility_id, resource_kind, organization_id, month, used_s, bookings)
  SELECT facility_id, resource_kind, organization_id, date_trunc('month', date '1970-01-01' + day)::date, sum(used_s), sum(bookings)
  FROM moved GROUP BY 1, 2, 3, 4
  ON CONFLICT (facility_id, resource_kind, organization_id, month) DO UPDATE
    SET used_s = a.used_s + EXCLUDED.used_s, bookings = a.bookings + EXCLUDED.bookings;
END $$;

-- ---- triggers ----------------------------------------------------------------------------------------------

-- Local day numbers [first, last] a timestamptz range touches, as a multirange.
CREATE FUNCTION "analytics_days_of"(s TIMESTAMPTZ, e TIMESTAMPTZ) RETURNS INT4MULTIRANGE LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN e > s THEN int4multirange(int4range(analytics_day(date_part('epoch', s)),
    analytics_day_before(date_part('epoch', e)) + 1)) ELSE '{}'::int4multirange END
$$;

-- The holiday calendar: the dates whose kind changed (a row added or removed, or its kind changed).
CREATE FUNCTION "analytics_calendar_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed int4multirange;
  touched uuid[];
BEGIN
  SELECT array_agg(id) INTO touched FROM resource WHERE NOT continuous;
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM analytics_recompute_units(touched, NULL, true, false);
    RETURN NULL;
  END IF;
  EXECUTE format(
    'SELECT range_agg(int4range(d, d + 1)) FROM (SELECT coalesce(o.date, n.date) - date %L AS d FROM %s FULL JOIN %s ON n.date = o.date WHERE o.kind IS DISTINCT FROM n.kind) x',
    '1970-01-01',
    CASE WHEN TG_OP = 'INSERT' THEN '(SELECT NULL::date AS date, NULL::"CalendarDayKind" AS kind WHERE false) o' ELSE 'changed_old o' END,
    CASE WHEN TG_OP = 'DELETE' THEN '(SELECT NULL::date AS date, NULL::"CalendarDayKind" AS kind WHERE false) n' ELSE 'changed_new n' END)
  INTO changed;
  IF changed IS NOT NULL THEN
    PERFORM analytics_recompute_units(touched, changed, true, false);
  END IF;
  RETURN NULL;
END $$;

-- Closures: their resources (a facility's closure: all its resources) on the days they cover, before and after.
CREATE FUNCTION "analytics_closure_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[];
  changed int4multirange;
BEGIN
  EXECUTE format(
    'SELECT array_agg(DISTINCT r.id), range_agg(c.days) FROM (%s) c
       JOIN resource r ON r.id = c.resource_id OR (c.resource_id IS NULL AND r.facility_id = c.facility_id)',
    concat_ws(' UNION ALL ',
      CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN
        'SELECT facility_id, resource_id, analytics_days_of(starts_at, ends_at) AS days FROM changed_old' END,
      CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN
        'SELECT facility_id, resource_id, analytics_days_of(starts_at, ends_at) AS days FROM changed_new' END))
  INTO touched, changed;
  IF touched IS NOT NULL AND changed IS NOT NULL THEN
    PERFORM analytics_recompute_units(touched, changed, true, false);
  END IF;
  RETURN NULL;
END $$;

-- Opening hours: a resource's own rows touch that resource; a facility's rows touch its resources that have
-- no rows of their own (after the change). Continuous resources ignore opening hours.
CREATE FUNCTION "analytics_opening_hours_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[];
BEGIN
  EXECUTE format(
    'SELECT array_agg(DISTINCT r.id) FROM (%s) c
       JOIN resource r ON r.id = c.resource_id OR (c.resource_id IS NULL AND r.facility_id = c.facility_id
         AND NOT EXISTS (SELECT 1 FROM opening_hours own WHERE own.resource_id = r.id))
     WHERE NOT r.continuous',
    concat_ws(' UNION ALL ',
      CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN 'SELECT facility_id, resource_id FROM changed_old' END,
      CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN 'SELECT facility_id, resource_id FROM changed_new' END))
  INTO touched;
  IF touched IS NOT NULL THEN
    PERFORM analytics_recompute_units(touched, NULL, true, false);
  END IF;
  RETURN NULL;
END $$;

-- Operators: which usage counts as outside use, for the facility's resources.
CREATE FUNCTION "analytics_operator_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[];
BEGIN
  EXECUTE format('SELECT array_agg(DISTINCT r.id) FROM (%s) c JOIN resource r ON r.facility_id = c.facility_id',
    concat_ws(' UNION ALL ',
      CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN 'SELECT facility_id FROM changed_old' END,
      CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN 'SELECT facility_id FROM changed_new' END))
  INTO touched;
  IF touched IS NOT NULL THEN
    PERFORM analytics_recompute_units(touched, NULL, false, true);
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER "calendar_day_analytics" ON "calendar_day";
CREATE TRIGGER "calendar_day_analytics_insert" AFTER INSERT ON "calendar_day" REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_calendar_trigger();
CREATE TRIGGER "calendar_day_analytics_update" AFTER UPDATE ON "calendar_day" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_calendar_trigger();
CREATE TRIGGER "calendar_day_analytics_delete" AFTER DELETE ON "calendar_day" REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_calendar_trigger();
CREATE TRIGGER "calendar_day_analytics_truncate" AFTER TRUNCATE ON "calendar_day"
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_calendar_trigger();

DROP TRIGGER "closure_analytics_insert" ON "closure";
DROP TRIGGER "closure_analytics_update" ON "closure";
DROP TRIGGER "closure_analytics_delete" ON "closure";
CREATE TRIGGER "closure_analytics_insert" AFTER INSERT ON "closure" REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_closure_trigger();
CREATE TRIGGER "closure_analytics_update" AFTER UPDATE ON "closure" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_closure_trigger();
CREATE TRIGGER "closure_analytics_delete" AFTER DELETE ON "closure" REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_closure_trigger();

DROP TRIGGER "opening_hours_analytics_insert" ON "opening_hours";
DROP TRIGGER "opening_hours_analytics_update" ON "opening_hours";
DROP TRIGGER "opening_hours_analytics_delete" ON "opening_hours";
CREATE TRIGGER "opening_hours_analytics_insert" AFTER INSERT ON "opening_hours" REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_opening_hours_trigger();
CREATE TRIGGER "opening_hours_analytics_update" AFTER UPDATE ON "opening_hours" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_opening_hours_trigger();
CREATE TRIGGER "opening_hours_analytics_delete" AFTER DELETE ON "opening_hours" REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_opening_hours_trigger();

DROP TRIGGER "facility_operator_analytics_insert" ON "facility_operator";
DROP TRIGGER "facility_operator_analytics_update" ON "facility_operator";
DROP TRIGGER "facility_operator_analytics_delete" ON "facility_operator";
CREATE TRIGGER "facility_operator_analytics_insert" AFTER INSERT ON "facility_operator" REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_operator_trigger();
CREATE TRIGGER "facility_operator_analytics_update" AFTER UPDATE ON "facility_operator" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_operator_trigger();
CREATE TRIGGER "facility_operator_analytics_delete" AFTER DELETE ON "facility_operator" REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_operator_trigger();

DROP FUNCTION "analytics_recompute_trigger"();

-- A resource moved to another facility, kind, or to/from continuous: its own seconds (booked: hours, closures
-- and the calendar it follows; outside: its facility's operators), and its organization figures moved.
CREATE OR REPLACE FUNCTION "analytics_resource_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved boolean := OLD.facility_id IS DISTINCT FROM NEW.facility_id;
BEGIN
  IF moved OR OLD.continuous IS DISTINCT FROM NEW.continuous THEN
    PERFORM analytics_recompute_units(ARRAY[NEW.id], NULL, true, moved);
  END IF;
  IF moved OR OLD.kind IS DISTINCT FROM NEW.kind THEN
    PERFORM analytics_move_orgs(NEW.id, OLD.facility_id, OLD.kind, NEW.facility_id, NEW.kind);
  END IF;
  RETURN NULL;
END $$;
