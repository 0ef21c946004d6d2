-- Analytics rollups kept in step with bookings, usage records and booking events by triggers, so that the
-- year reports read thousands of rollup rows instead of a million bookings
-- (api/src/modules/analytics/analytics.repository.ts states the definitions; a test compares the rollups with
-- the from-scratch SQL on random data).
--
-- Days are local day numbers: days since 1970-01-01 in Asia/Shanghai (UTC+8 all year since 1991), the same
-- arithmetic the from-scratch SQL uses. Every figure is a sum over bookings or usage records, so triggers keep
-- it by adding a row's contribution and subtracting its old one (an upsert that adds is safe under
-- concurrency, unlike a recomputation from a snapshot). What depends on opening hours, holidays, closures,
-- operators or a resource's facility is recomputed for the resources those changes touch.
--
-- Not rolled up: usage records still open (ended_at IS NULL) grow with now(); the queries add them live.

CREATE TABLE "analytics_unit_day" (
  "unit_id" UUID NOT NULL,
  "resource_id" UUID NOT NULL,
  "day" INTEGER NOT NULL,
  "booked_s" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "effective_s" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "outside_s" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "n_pending" INTEGER NOT NULL DEFAULT 0,
  "n_approved" INTEGER NOT NULL DEFAULT 0,
  "n_rejected" INTEGER NOT NULL DEFAULT 0,
  "n_cancelled" INTEGER NOT NULL DEFAULT 0,
  "n_checked_in" INTEGER NOT NULL DEFAULT 0,
  "n_completed" INTEGER NOT NULL DEFAULT 0,
  "n_no_show" INTEGER NOT NULL DEFAULT 0,
  "n_expired" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "analytics_unit_day_pkey" PRIMARY KEY ("unit_id", "resource_id", "day")
);
CREATE INDEX "analytics_unit_day_day_idx" ON "analytics_unit_day"("day");

-- The same figures per local calendar month (month = its first day), for the months a window covers whole.
CREATE TABLE "analytics_unit_month" (LIKE "analytics_unit_day" INCLUDING DEFAULTS);
ALTER TABLE "analytics_unit_month" RENAME COLUMN "day" TO "month";
ALTER TABLE "analytics_unit_month" ALTER COLUMN "month" TYPE DATE USING (date '1970-01-01' + "month");
ALTER TABLE "analytics_unit_month" ADD CONSTRAINT "analytics_unit_month_pkey" PRIMARY KEY ("unit_id", "resource_id", "month");
CREATE INDEX "analytics_unit_month_month_idx" ON "analytics_unit_month"("month");

-- Top organizations: usage seconds (closed records) and counted bookings by start, per facility, resource
-- kind and organization.
CREATE TABLE "analytics_org_day" (
  "facility_id" UUID NOT NULL,
  "resource_kind" "ResourceKind" NOT NULL,
  "organization_id" UUID NOT NULL,
  "day" INTEGER NOT NULL,
  "used_s" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "bookings" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "analytics_org_day_pkey" PRIMARY KEY ("facility_id", "resource_kind", "organization_id", "day")
);
CREATE INDEX "analytics_org_day_day_idx" ON "analytics_org_day"("day");
CREATE TABLE "analytics_org_month" (LIKE "analytics_org_day" INCLUDING DEFAULTS);
ALTER TABLE "analytics_org_month" RENAME COLUMN "day" TO "month";
ALTER TABLE "analytics_org_month" ALTER COLUMN "month" TYPE DATE USING (date '1970-01-01' + "month");
ALTER TABLE "analytics_org_month" ADD CONSTRAINT "analytics_org_month_pkey" PRIMARY KEY ("facility_id", "resource_kind", "organization_id", "month");
CREATE INDEX "analytics_org_month_month_idx" ON "analytics_org_month"("month");

-- Approval lead time: each creating event (NULL → PENDING) of a BOOKING with the first decision of its booking.
CREATE TABLE "analytics_lead" (
  "event_id" BIGINT NOT NULL,
  "booking_id" UUID NOT NULL,
  "resource_id" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL,
  "decided_at" TIMESTAMPTZ(6),
  -- What the percentiles sort: stored, so that index-only scans hand it over without touching the heap.
  "hours" DOUBLE PRECISION GENERATED ALWAYS AS (date_part('epoch', "decided_at" - "created_at") / 3600) STORED,
  CONSTRAINT "analytics_lead_pkey" PRIMARY KEY ("event_id"),
  CONSTRAINT "analytics_lead_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "booking"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "analytics_lead_booking_id_idx" ON "analytics_lead"("booking_id");
-- All facilities: a range of creation times. A few facilities: a range per resource.
CREATE INDEX "analytics_lead_created_at_idx" ON "analytics_lead"("created_at") INCLUDE ("resource_id", "hours")
    WHERE "decided_at" IS NOT NULL;
CREATE INDEX "analytics_lead_resource_id_created_at_idx" ON "analytics_lead"("resource_id", "created_at") INCLUDE ("hours")
    WHERE "decided_at" IS NOT NULL;

-- Open usage records, which the reports add live.
CREATE INDEX "usage_record_open_idx" ON "usage_record"("resource_id") WHERE "ended_at" IS NULL;

-- ---- pieces: what one booking or usage record contributes per local day ---------------------------------

CREATE FUNCTION "analytics_day"(seconds DOUBLE PRECISION) RETURNS INTEGER LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN floor((seconds + 28800) / 86400)::int;
-- The day of the last instant before `seconds` (half-open ends).
CREATE FUNCTION "analytics_day_before"(seconds DOUBLE PRECISION) RETURNS INTEGER LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ceil((seconds + 28800) / 86400)::int - 1;

-- Booked seconds of [s, e) on a resource inside its opening hours, minus closures, per local day: the
-- from-scratch query's booked_piece and booked steps for one booking.
CREATE FUNCTION "analytics_booked_pieces"(p_resource UUID, s DOUBLE PRECISION, e DOUBLE PRECISION)
RETURNS TABLE ("day" INTEGER, "seconds" DOUBLE PRECISION) LANGUAGE sql STABLE AS $$
  WITH res AS (SELECT id, facility_id FROM resource WHERE id = p_resource),
  days AS (
    SELECT d.dn, CASE cd.kind WHEN 'HOLIDAY' THEN NULL WHEN 'WORKDAY' THEN 1 ELSE extract(isodow FROM date '1970-01-01' + d.dn)::int END AS weekday
    FROM generate_series(analytics_day(s), analytics_day_before(e)) AS d(dn)
    LEFT JOIN calendar_day cd ON cd.date = date '1970-01-01' + d.dn
  ),
  weekly AS (
    SELECT weekday, lower(x) AS opens_min, upper(x) AS closes_min
    FROM (
      SELECT h.weekday, range_agg(int4range(h.opens_min, h.closes_min)) AS ranges
      FROM (
        SELECT oh.weekday, oh.opens_min, oh.closes_min FROM res r JOIN opening_hours oh ON oh.resource_id = r.id
        UNION ALL
        SELECT oh.weekday, oh.opens_min, oh.closes_min
        FROM res r JOIN opening_hours oh ON oh.facility_id = r.facility_id AND oh.resource_id IS NULL
        WHERE NOT EXISTS (SELECT 1 FROM opening_hours own WHERE own.resource_id = r.id)
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

-- Seconds of a closed usage record [s, e) per local day (not clipped to opening hours).
CREATE FUNCTION "analytics_usage_pieces"(s DOUBLE PRECISION, e DOUBLE PRECISION)
RETURNS TABLE ("day" INTEGER, "seconds" DOUBLE PRECISION) LANGUAGE sql IMMUTABLE AS $$
  SELECT analytics_day(s), e - s WHERE analytics_day(s) = analytics_day_before(e)
  UNION ALL
  SELECT d.dn, least(e, (d.dn::bigint + 1) * 86400 - 28800) - greatest(s, d.dn::bigint * 86400 - 28800)
  FROM generate_series(analytics_day(s), analytics_day_before(e)) AS d(dn)
  WHERE analytics_day_before(e) > analytics_day(s)
$$;

-- ---- adding to the rollups ------------------------------------------------------------------------------

CREATE FUNCTION "analytics_add_unit"(p_unit UUID, p_resource UUID, p_day INTEGER, p_booked DOUBLE PRECISION,
  p_effective DOUBLE PRECISION, p_outside DOUBLE PRECISION, p_status "BookingStatus", p_n INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_month date := date_trunc('month', date '1970-01-01' + p_day)::date;
  np int := CASE WHEN p_status = 'PENDING' THEN p_n ELSE 0 END;
  na int := CASE WHEN p_status = 'APPROVED' THEN p_n ELSE 0 END;
  nr int := CASE WHEN p_status = 'REJECTED' THEN p_n ELSE 0 END;
  nc int := CASE WHEN p_status = 'CANCELLED' THEN p_n ELSE 0 END;
  ni int := CASE WHEN p_status = 'CHECKED_IN' THEN p_n ELSE 0 END;
  nd int := CASE WHEN p_status = 'COMPLETED' THEN p_n ELSE 0 END;
  ns int := CASE WHEN p_status = 'NO_SHOW' THEN p_n ELSE 0 END;
  ne int := CASE WHEN p_status = 'EXPIRED' THEN p_n ELSE 0 END;
BEGIN
  INSERT INTO analytics_unit_day AS a (unit_id, resource_id, day, booked_s, effective_s, outside_s,
    n_pending, n_approved, n_rejected, n_cancelled, n_checked_in, n_completed, n_no_show, n_expired)
  VALUES (p_unit, p_resource, p_day, p_booked, p_effective, p_outside, np, na, nr, nc, ni, nd, ns, ne)
  ON CONFLICT (unit_id, resource_id, day) DO UPDATE SET
    booked_s = a.booked_s + EXCLUDED.booked_s, effective_s = a.effective_s + EXCLUDED.effective_s,
    outside_s = a.outside_s + EXCLUDED.outside_s, n_pending = a.n_pending + np, n_approved = a.n_approved + na,
    n_rejected = a.n_rejected + nr, n_cancelled = a.n_cancelled + nc, n_checked_in = a.n_checked_in + ni,
    n_completed = a.n_completed + nd, n_no_show = a.n_no_show + ns, n_expired = a.n_expired + ne;
  INSERT INTO analytics_unit_month AS a (unit_id, resource_id, month, booked_s, effective_s, outside_s,
    n_pending, n_approved, n_rejected, n_cancelled, n_checked_in, n_completed, n_no_show, n_expired)
  VALUES (p_unit, p_resource, v_month, p_booked, p_effective, p_outside, np, na, nr, nc, ni, nd, ns, ne)
  ON CONFLICT (unit_id, resource_id, month) DO UPDATE SET
    booked_s = a.booked_s + EXCLUDED.booked_s, effective_s = a.effective_s + EXCLUDED.effective_s,
    outside_s = a.outside_s + EXCLUDED.outside_s, n_pending = a.n_pending + np, n_approved = a.n_approved + na,
    n_rejected = a.n_rejected + nr, n_cancelled = a.n_cancelled + nc, n_checked_in = a.n_checked_in + ni,
    n_completed = a.n_completed + nd, n_no_show = a.n_no_show + ns, n_expired = a.n_expired + ne;
END $$;

CREATE FUNCTION "analytics_add_org"(p_resource UUID, p_org UUID, p_day INTEGER, p_used DOUBLE PRECISION, p_bookings INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_facility uuid;
  v_kind "ResourceKind";
BEGIN
  IF p_org IS NULL THEN RETURN; END IF;
  SELECT facility_id, kind INTO v_facility, v_kind FROM resource WHERE id = p_resource;
  INSERT INTO analytics_org_day AS a (facility_id, resource_kind, organization_id, day, used_s, bookings)
  VALUES (v_facility, v_kind, p_org, p_day, p_used, p_bookings)
  ON CONFLICT (facility_id, resource_kind, organization_id, day) DO UPDATE
    SET used_s = a.used_s + EXCLUDED.used_s, bookings = a.bookings + EXCLUDED.bookings;
  INSERT INTO analytics_org_month AS a (facility_id, resource_kind, organization_id, month, used_s, bookings)
  VALUES (v_facility, v_kind, p_org, date_trunc('month', date '1970-01-01' + p_day)::date, p_used, p_bookings)
  ON CONFLICT (facility_id, resource_kind, organization_id, month) DO UPDATE
    SET used_s = a.used_s + EXCLUDED.used_s, bookings = a.bookings + EXCLUDED.bookings;
END $$;

-- A booking's whole contribution, times p_sign (1 to add, -1 to take back).
CREATE FUNCTION "analytics_apply_booking"(b booking, p_sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s float8 := date_part('epoch', b.starts_at);
  e float8 := date_part('epoch', b.ends_at);
  counted boolean := b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW');
  piece record;
  start_seen boolean := false;
BEGIN
  IF b.kind <> 'BOOKING' THEN RETURN; END IF;
  IF counted THEN
    FOR piece IN SELECT * FROM analytics_booked_pieces(b.resource_id, s, e) LOOP
      PERFORM analytics_add_unit(b.unit_id, b.resource_id, piece.day, p_sign * piece.seconds, 0, 0,
        b.status, CASE WHEN piece.day = analytics_day(s) THEN p_sign ELSE 0 END);
      start_seen := start_seen OR piece.day = analytics_day(s);
    END LOOP;
    PERFORM analytics_add_org(b.resource_id, b.organization_id, analytics_day(s), 0, p_sign);
  END IF;
  IF NOT start_seen THEN
    PERFORM analytics_add_unit(b.unit_id, b.resource_id, analytics_day(s), 0, 0, 0, b.status, p_sign);
  END IF;
END $$;

-- A closed usage record's contribution, times p_sign.
CREATE FUNCTION "analytics_apply_usage"(u usage_record, p_sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  outside boolean;
  piece record;
BEGIN
  IF u.ended_at IS NULL THEN RETURN; END IF;
  outside := u.organization_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM facility_operator fo JOIN resource r ON r.facility_id = fo.facility_id
    WHERE r.id = u.resource_id AND fo.organization_id = u.organization_id);
  FOR piece IN SELECT * FROM analytics_usage_pieces(date_part('epoch', u.started_at), date_part('epoch', u.ended_at)) LOOP
    PERFORM analytics_add_unit(u.unit_id, u.resource_id, piece.day, 0, p_sign * piece.seconds,
      CASE WHEN outside THEN p_sign * piece.seconds ELSE 0 END, NULL, 0);
    PERFORM analytics_add_org(u.resource_id, u.organization_id, piece.day, p_sign * piece.seconds, 0);
  END LOOP;
END $$;

CREATE FUNCTION "analytics_booking_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM analytics_apply_booking(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM analytics_apply_booking(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "booking_analytics" AFTER INSERT ON "booking"
  FOR EACH ROW WHEN (NEW.kind = 'BOOKING') EXECUTE FUNCTION analytics_booking_trigger();
CREATE TRIGGER "booking_analytics_delete" AFTER DELETE ON "booking"
  FOR EACH ROW WHEN (OLD.kind = 'BOOKING') EXECUTE FUNCTION analytics_booking_trigger();
CREATE TRIGGER "booking_analytics_update"
  AFTER UPDATE OF "status", "starts_at", "ends_at", "unit_id", "resource_id", "organization_id", "kind" ON "booking"
  FOR EACH ROW WHEN ((OLD.kind = 'BOOKING' OR NEW.kind = 'BOOKING') AND
    (OLD.status, OLD.starts_at, OLD.ends_at, OLD.unit_id, OLD.resource_id, OLD.organization_id, OLD.kind)
    IS DISTINCT FROM (NEW.status, NEW.starts_at, NEW.ends_at, NEW.unit_id, NEW.resource_id, NEW.organization_id, NEW.kind))
  EXECUTE FUNCTION analytics_booking_trigger();

CREATE FUNCTION "analytics_usage_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM analytics_apply_usage(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM analytics_apply_usage(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "usage_record_analytics" AFTER INSERT ON "usage_record"
  FOR EACH ROW WHEN (NEW.ended_at IS NOT NULL) EXECUTE FUNCTION analytics_usage_trigger();
CREATE TRIGGER "usage_record_analytics_delete" AFTER DELETE ON "usage_record"
  FOR EACH ROW WHEN (OLD.ended_at IS NOT NULL) EXECUTE FUNCTION analytics_usage_trigger();
CREATE TRIGGER "usage_record_analytics_update"
  AFTER UPDATE OF "started_at", "ended_at", "unit_id", "resource_id", "organization_id" ON "usage_record"
  FOR EACH ROW WHEN ((OLD.started_at, OLD.ended_at, OLD.unit_id, OLD.resource_id, OLD.organization_id)
    IS DISTINCT FROM (NEW.started_at, NEW.ended_at, NEW.unit_id, NEW.resource_id, NEW.organization_id))
  EXECUTE FUNCTION analytics_usage_trigger();

CREATE FUNCTION "analytics_event_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.from_status IS NULL AND NEW.to_status = 'PENDING' THEN
    INSERT INTO analytics_lead (event_id, booking_id, resource_id, created_at, decided_at)
    SELECT NEW.id, b.id, b.resource_id, NEW.at,
      (SELECT min(d.at) FROM booking_event d WHERE d.booking_id = b.id AND d.to_status IN ('APPROVED', 'REJECTED'))
    FROM booking b WHERE b.id = NEW.booking_id AND b.kind = 'BOOKING';
  ELSIF NEW.to_status IN ('APPROVED', 'REJECTED') THEN
    UPDATE analytics_lead SET decided_at = NEW.at
    WHERE booking_id = NEW.booking_id AND (decided_at IS NULL OR decided_at > NEW.at);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "booking_event_analytics" AFTER INSERT ON "booking_event"
  FOR EACH ROW WHEN (NEW.to_status IN ('PENDING', 'APPROVED', 'REJECTED')) EXECUTE FUNCTION analytics_event_trigger();

-- ---- recomputation --------------------------------------------------------------------------------------

-- Recomputes the unit rollups of some resources (NULL: all) from their bookings and usage records, set-based.
-- Takes a lock that waits for transactions that already added to the rollups and holds back new ones until
-- it commits, so no contribution is counted twice or lost.
CREATE FUNCTION "analytics_rebuild_units"(p_resources UUID[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE analytics_unit_day, analytics_unit_month IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM analytics_unit_day WHERE p_resources IS NULL OR resource_id = ANY(p_resources);
  DELETE FROM analytics_unit_month WHERE p_resources IS NULL OR resource_id = ANY(p_resources);
  INSERT INTO analytics_unit_day (unit_id, resource_id, day, booked_s, effective_s, outside_s,
    n_pending, n_approved, n_rejected, n_cancelled, n_checked_in, n_completed, n_no_show, n_expired)
  SELECT unit_id, resource_id, day, sum(booked), sum(effective), sum(outside),
    count(*) FILTER (WHERE st = 'PENDING'), count(*) FILTER (WHERE st = 'APPROVED'),
    count(*) FILTER (WHERE st = 'REJECTED'), count(*) FILTER (WHERE st = 'CANCELLED'),
    count(*) FILTER (WHERE st = 'CHECKED_IN'), count(*) FILTER (WHERE st = 'COMPLETED'),
    count(*) FILTER (WHERE st = 'NO_SHOW'), count(*) FILTER (WHERE st = 'EXPIRED')
  FROM (
    -- one row per booking at its start day, for the status counts
    SELECT b.unit_id, b.resource_id, analytics_day(date_part('epoch', b.starts_at)) AS day,
      0::float8 AS booked, 0::float8 AS effective, 0::float8 AS outside, b.status AS st
    FROM booking b WHERE b.kind = 'BOOKING' AND (p_resources IS NULL OR b.resource_id = ANY(p_resources))
    UNION ALL
    SELECT b.unit_id, b.resource_id, p.day, p.seconds, 0, 0, NULL
    FROM booking b
    CROSS JOIN LATERAL analytics_booked_pieces(b.resource_id, date_part('epoch', b.starts_at), date_part('epoch', b.ends_at)) p
    WHERE b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
      AND (p_resources IS NULL OR b.resource_id = ANY(p_resources))
    UNION ALL
    SELECT u.unit_id, u.resource_id, p.day, 0, p.seconds,
      CASE WHEN u.organization_id IS NOT NULL AND fo.organization_id IS NULL THEN p.seconds ELSE 0 END, NULL
    FROM usage_record u
    JOIN resource r ON r.id = u.resource_id
    LEFT JOIN facility_operator fo ON fo.facility_id = r.facility_id AND fo.organization_id = u.organization_id
    CROSS JOIN LATERAL analytics_usage_pieces(date_part('epoch', u.started_at), date_part('epoch', u.ended_at)) p
    WHERE u.ended_at IS NOT NULL AND (p_resources IS NULL OR u.resource_id = ANY(p_resources))
  ) x
  GROUP BY unit_id, resource_id, day;
  INSERT INTO analytics_unit_month (unit_id, resource_id, month, booked_s, effective_s, outside_s,
    n_pending, n_approved, n_rejected, n_cancelled, n_checked_in, n_completed, n_no_show, n_expired)
  SELECT unit_id, resource_id, date_trunc('month', date '1970-01-01' + day)::date, sum(booked_s), sum(effective_s),
    sum(outside_s), sum(n_pending), sum(n_approved), sum(n_rejected), sum(n_cancelled), sum(n_checked_in),
    sum(n_completed), sum(n_no_show), sum(n_expired)
  FROM analytics_unit_day WHERE p_resources IS NULL OR resource_id = ANY(p_resources)
  GROUP BY 1, 2, 3;
END $$;

-- Recomputes the organization rollups (they depend on a resource's facility and kind).
CREATE FUNCTION "analytics_rebuild_orgs"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE analytics_org_day, analytics_org_month IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM analytics_org_day;
  DELETE FROM analytics_org_month;
  INSERT INTO analytics_org_day (facility_id, resource_kind, organization_id, day, used_s, bookings)
  SELECT r.facility_id, r.kind, x.organization_id, x.day, sum(x.used), sum(x.bookings)
  FROM (
    SELECT b.resource_id, b.organization_id, analytics_day(date_part('epoch', b.starts_at)) AS day, 0::float8 AS used, 1 AS bookings
    FROM booking b
    WHERE b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW') AND b.organization_id IS NOT NULL
    UNION ALL
    SELECT u.resource_id, u.organization_id, p.day, p.seconds, 0
    FROM usage_record u
    CROSS JOIN LATERAL analytics_usage_pieces(date_part('epoch', u.started_at), date_part('epoch', u.ended_at)) p
    WHERE u.ended_at IS NOT NULL AND u.organization_id IS NOT NULL
  ) x JOIN resource r ON r.id = x.resource_id
  GROUP BY 1, 2, 3, 4;
  INSERT INTO analytics_org_month (facility_id, resource_kind, organization_id, month, used_s, bookings)
  SELECT facility_id, resource_kind, organization_id, date_trunc('month', date '1970-01-01' + day)::date, sum(used_s), sum(bookings)
  FROM analytics_org_day GROUP BY 1, 2, 3, 4;
END $$;

CREATE FUNCTION "analytics_rebuild_lead"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE analytics_lead IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM analytics_lead;
  INSERT INTO analytics_lead (event_id, booking_id, resource_id, created_at, decided_at)
  SELECT c.id, b.id, b.resource_id, c.at, d.first
  FROM booking_event c
  JOIN booking b ON b.id = c.booking_id AND b.kind = 'BOOKING'
  LEFT JOIN (SELECT booking_id, min(at) AS first FROM booking_event WHERE to_status IN ('APPROVED', 'REJECTED') GROUP BY booking_id) d
    ON d.booking_id = c.booking_id
  WHERE c.from_status IS NULL AND c.to_status = 'PENDING';
END $$;

-- Everything, e.g. after a bulk load with triggers disabled (seeds/generate-scale.ts).
CREATE FUNCTION "analytics_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_rebuild_units(NULL);
  PERFORM analytics_rebuild_orgs();
  PERFORM analytics_rebuild_lead();
END $$;

-- Opening hours, closures, holidays and operators change what bookings and usage count for: recompute the
-- resources they touch (a facility-wide row touches every resource of the facility).
CREATE FUNCTION "analytics_recompute_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[];
  rid text := CASE WHEN TG_TABLE_NAME = 'facility_operator' THEN 'NULL::uuid' ELSE 'resource_id' END;
BEGIN
  IF TG_TABLE_NAME = 'calendar_day' THEN
    touched := NULL;
  ELSE
    EXECUTE format(
      'SELECT array_agg(DISTINCT r.id) FROM resource r JOIN (%s) c
         ON r.id = c.resource_id OR (c.resource_id IS NULL AND r.facility_id = c.facility_id)',
      concat_ws(' UNION ALL ',
        CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN format('SELECT facility_id, %s AS resource_id FROM changed_old', rid) END,
        CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN format('SELECT facility_id, %s AS resource_id FROM changed_new', rid) END))
    INTO touched;
    IF touched IS NULL THEN RETURN NULL; END IF;
  END IF;
  PERFORM analytics_rebuild_units(touched);
  RETURN NULL;
END $$;

CREATE TRIGGER "opening_hours_analytics_insert" AFTER INSERT ON "opening_hours" REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
CREATE TRIGGER "opening_hours_analytics_update" AFTER UPDATE ON "opening_hours" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
CREATE TRIGGER "opening_hours_analytics_delete" AFTER DELETE ON "opening_hours" REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
CREATE TRIGGER "closure_analytics_insert" AFTER INSERT ON "closure" REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
CREATE TRIGGER "closure_analytics_update" AFTER UPDATE ON "closure" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
CREATE TRIGGER "closure_analytics_delete" AFTER DELETE ON "closure" REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
CREATE TRIGGER "facility_operator_analytics_insert" AFTER INSERT ON "facility_operator" REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
CREATE TRIGGER "facility_operator_analytics_update" AFTER UPDATE ON "facility_operator" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
CREATE TRIGGER "facility_operator_analytics_delete" AFTER DELETE ON "facility_operator" REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();
-- A holiday or make-up day changes every resource's opening hours that day.
CREATE TRIGGER "calendar_day_analytics" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_day"
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recompute_trigger();

-- A resource moved to another facility or kind (rare): its own figures and the organization rollups.
CREATE FUNCTION "analytics_resource_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_rebuild_units(ARRAY[NEW.id]);
  PERFORM analytics_rebuild_orgs();
  RETURN NULL;
END $$;
CREATE TRIGGER "resource_analytics" AFTER UPDATE OF "facility_id", "kind" ON "resource"
  FOR EACH ROW WHEN (OLD.facility_id IS DISTINCT FROM NEW.facility_id OR OLD.kind IS DISTINCT FROM NEW.kind)
  EXECUTE FUNCTION analytics_resource_trigger();

-- Existing data.
SELECT analytics_rebuild();
