-- The heatmap (booked hours by local weekday × hour) from a rollup instead of a scan of the bookings: booked
-- seconds per facility, resource kind, local day and local hour, kept by triggers like the other rollups
-- (migration 20261202170000_analytics_rollups). A year of every facility is then at most
-- facilities × kinds × 365 × 24 rows, however many bookings there are. Counted as the heatmap's
-- from-scratch SQL counts (api/src/modules/analytics/analytics.repository.ts, findHeatmapFromScratch): kind
-- BOOKING in APPROVED, CHECKED_IN, COMPLETED or NO_SHOW, [starts_at, ends_at) without buffers, not clipped to
-- opening hours. Asia/Shanghai is UTC+8 all year, so local hours are UTC hours shifted by 8.

CREATE TABLE "analytics_hour" (
  "facility_id" UUID NOT NULL,
  "resource_kind" "ResourceKind" NOT NULL,
  "day" INTEGER NOT NULL,
  "hour" INTEGER NOT NULL,
  "booked_s" DOUBLE PRECISION NOT NULL DEFAULT 0,
  CONSTRAINT "analytics_hour_pkey" PRIMARY KEY ("facility_id", "resource_kind", "day", "hour")
);
CREATE INDEX "analytics_hour_day_idx" ON "analytics_hour"("day");

-- Seconds of [s, e) per local day and hour.
CREATE FUNCTION "analytics_hour_pieces"(s DOUBLE PRECISION, e DOUBLE PRECISION)
RETURNS TABLE ("day" INTEGER, "hour" INTEGER, "seconds" DOUBLE PRECISION) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT analytics_day(k * 3600.0), ((k + 8) % 24)::int, least(e, (k + 1) * 3600.0) - greatest(s, k * 3600.0)
  FROM generate_series(floor(s / 3600)::bigint, ceil(e / 3600)::bigint - 1) AS k
  WHERE least(e, (k + 1) * 3600.0) > greatest(s, k * 3600.0)
$$;

-- A booking's contribution, times p_sign, under the facility and kind its resource has (or is given).
CREATE FUNCTION "analytics_hour_apply"(b booking, p_sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF b.kind <> 'BOOKING' OR b.status NOT IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW') THEN RETURN; END IF;
  INSERT INTO analytics_hour AS a (facility_id, resource_kind, day, hour, booked_s)
  SELECT r.facility_id, r.kind, p.day, p.hour, p_sign * p.seconds
  FROM resource r CROSS JOIN analytics_hour_pieces(date_part('epoch', b.starts_at), date_part('epoch', b.ends_at)) p
  WHERE r.id = b.resource_id
  ON CONFLICT (facility_id, resource_kind, day, hour) DO UPDATE SET booked_s = a.booked_s + EXCLUDED.booked_s;
END $$;

CREATE FUNCTION "analytics_hour_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM analytics_hour_apply(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM analytics_hour_apply(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "booking_analytics_hour" AFTER INSERT ON "booking"
  FOR EACH ROW WHEN (NEW.kind = 'BOOKING' AND NEW.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW'))
  EXECUTE FUNCTION analytics_hour_trigger();
CREATE TRIGGER "booking_analytics_hour_delete" AFTER DELETE ON "booking"
  FOR EACH ROW WHEN (OLD.kind = 'BOOKING' AND OLD.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW'))
  EXECUTE FUNCTION analytics_hour_trigger();
CREATE TRIGGER "booking_analytics_hour_update"
  AFTER UPDATE OF "status", "starts_at", "ends_at", "resource_id", "kind" ON "booking"
  FOR EACH ROW WHEN ((OLD.status, OLD.starts_at, OLD.ends_at, OLD.resource_id, OLD.kind)
    IS DISTINCT FROM (NEW.status, NEW.starts_at, NEW.ends_at, NEW.resource_id, NEW.kind))
  EXECUTE FUNCTION analytics_hour_trigger();

-- Everything, set-based (after a bulk load with the triggers off: seeds/generate-scale.ts). The lock waits for
-- transactions that already added and holds back new ones until it commits.
CREATE FUNCTION "analytics_hour_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE analytics_hour IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM analytics_hour;
  INSERT INTO analytics_hour (facility_id, resource_kind, day, hour, booked_s)
  SELECT r.facility_id, r.kind, p.day, p.hour, sum(p.seconds)
  FROM booking b JOIN resource r ON r.id = b.resource_id
  CROSS JOIN LATERAL analytics_hour_pieces(date_part('epoch', b.starts_at), date_part('epoch', b.ends_at)) p
  WHERE b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
  GROUP BY 1, 2, 3, 4;
END $$;

-- A resource moved to another facility or kind (rare): its bookings move with it.
CREATE FUNCTION "analytics_hour_resource_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_hour AS a (facility_id, resource_kind, day, hour, booked_s)
  SELECT x.facility_id, x.kind, p.day, p.hour, sum(x.sign * p.seconds)
  FROM booking b
  CROSS JOIN (VALUES (OLD.facility_id, OLD.kind, -1), (NEW.facility_id, NEW.kind, 1)) AS x(facility_id, kind, sign)
  CROSS JOIN LATERAL analytics_hour_pieces(date_part('epoch', b.starts_at), date_part('epoch', b.ends_at)) p
  WHERE b.resource_id = NEW.id AND b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (facility_id, resource_kind, day, hour) DO UPDATE SET booked_s = a.booked_s + EXCLUDED.booked_s;
  RETURN NULL;
END $$;
CREATE TRIGGER "resource_analytics_hour" AFTER UPDATE OF "facility_id", "kind" ON "resource"
  FOR EACH ROW WHEN (OLD.facility_id IS DISTINCT FROM NEW.facility_id OR OLD.kind IS DISTINCT FROM NEW.kind)
  EXECUTE FUNCTION analytics_hour_resource_trigger();

-- The full rebuild (after a bulk load) includes this rollup.
CREATE OR REPLACE FUNCTION "analytics_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_rebuild_units(NULL);
  PERFORM analytics_rebuild_orgs();
  PERFORM analytics_rebuild_lead();
  PERFORM analytics_hour_rebuild();
END $$;

-- Existing data.
SELECT analytics_hour_rebuild();
