-- Zhongshi initial schema. Hand-written: Prisma cannot express the range column or the exclusion constraint.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TYPE "OrganizationKind" AS ENUM ('SME', 'INSTITUTE', 'OPERATOR', 'CERT_BODY', 'AUTHORITY');
CREATE TYPE "Role" AS ENUM ('MEMBER', 'MANAGER', 'ADMIN');
CREATE TYPE "FacilityKind" AS ENUM ('BASE', 'CENTER');
CREATE TYPE "ResourceKind" AS ENUM ('INSTRUMENT', 'PILOT_LINE', 'TEST_SERVICE', 'PRINTER', 'SPACE');
CREATE TYPE "ResourceMode" AS ENUM ('SELF_OPERATED', 'STAFF_OPERATED', 'SAMPLE_SUBMISSION');
CREATE TYPE "ApprovalPolicy" AS ENUM ('AUTO', 'MANAGER');
CREATE TYPE "PriceUnit" AS ENUM ('HOUR', 'SAMPLE');
CREATE TYPE "ResourceStatus" AS ENUM ('ACTIVE', 'MAINTENANCE', 'RETIRED');
CREATE TYPE "CalendarDayKind" AS ENUM ('HOLIDAY', 'WORKDAY');
CREATE TYPE "BookingKind" AS ENUM ('BOOKING', 'MAINTENANCE');
CREATE TYPE "BookingStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW', 'EXPIRED');

CREATE TABLE "organization" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "kind" "OrganizationKind" NOT NULL,
  "name_zh" TEXT NOT NULL,
  "name_en" TEXT NOT NULL,
  "uscc" TEXT,
  "is_sample" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "organization_uscc_key" ON "organization"("uscc");

CREATE TABLE "app_user" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "email" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "password_hash" TEXT NOT NULL,
  "locale" TEXT NOT NULL DEFAULT 'zh-CN',
  "feed_token" TEXT NOT NULL DEFAULT encode(gen_random_bytes(18), 'hex'),
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");
CREATE UNIQUE INDEX "app_user_feed_token_key" ON "app_user"("feed_token");

CREATE TABLE "membership" (
  "user_id" UUID NOT NULL,
  "organization_id" UUID NOT NULL,
  "role" "Role" NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "membership_pkey" PRIMARY KEY ("user_id", "organization_id")
);
CREATE INDEX "membership_organization_id_idx" ON "membership"("organization_id");

CREATE TABLE "session" (
  "id" TEXT NOT NULL,
  "user_id" UUID NOT NULL,
  "expires_at" TIMESTAMPTZ(6) NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

CREATE TABLE "api_token" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "token_hash" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "last_used_at" TIMESTAMPTZ(6),
  "expires_at" TIMESTAMPTZ(6),
  CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

CREATE TABLE "rate_limit" (
  "key" TEXT NOT NULL,
  "window_start" TIMESTAMPTZ(6) NOT NULL,
  "count" INTEGER NOT NULL,
  CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "facility" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "code" TEXT NOT NULL,
  "kind" "FacilityKind" NOT NULL,
  "name_zh" TEXT NOT NULL,
  "name_en" TEXT NOT NULL,
  "summary_zh" TEXT NOT NULL,
  "summary_en" TEXT NOT NULL,
  "time_zone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "facility_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "facility_code_key" ON "facility"("code");

CREATE TABLE "facility_operator" (
  "facility_id" UUID NOT NULL,
  "organization_id" UUID NOT NULL,
  CONSTRAINT "facility_operator_pkey" PRIMARY KEY ("facility_id", "organization_id")
);

CREATE TABLE "facility_manager" (
  "facility_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  CONSTRAINT "facility_manager_pkey" PRIMARY KEY ("facility_id", "user_id")
);
CREATE INDEX "facility_manager_user_id_idx" ON "facility_manager"("user_id");

CREATE TABLE "certification_body" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "organization_id" UUID NOT NULL,
  "code" TEXT NOT NULL,
  "cma_number" TEXT,
  "cnas_number" TEXT,
  "domains" TEXT[] NOT NULL DEFAULT '{}',
  "scope_zh" TEXT NOT NULL,
  "scope_en" TEXT NOT NULL,
  "contact_name" TEXT NOT NULL,
  "contact_phone" TEXT NOT NULL,
  "contact_email" TEXT NOT NULL,
  "address" TEXT NOT NULL,
  "is_sample" BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT "certification_body_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "certification_body_organization_id_key" ON "certification_body"("organization_id");
CREATE UNIQUE INDEX "certification_body_code_key" ON "certification_body"("code");
CREATE INDEX "certification_body_domains_idx" ON "certification_body" USING gin ("domains");

CREATE TABLE "resource" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "facility_id" UUID NOT NULL,
  "code" TEXT NOT NULL,
  "kind" "ResourceKind" NOT NULL,
  "mode" "ResourceMode" NOT NULL,
  "name_zh" TEXT NOT NULL,
  "name_en" TEXT NOT NULL,
  "description_zh" TEXT NOT NULL,
  "description_en" TEXT NOT NULL,
  "granularity_min" INTEGER NOT NULL DEFAULT 30,
  "min_duration_min" INTEGER NOT NULL DEFAULT 30,
  "max_duration_min" INTEGER NOT NULL DEFAULT 480,
  "min_notice_min" INTEGER NOT NULL DEFAULT 120,
  "horizon_days" INTEGER NOT NULL DEFAULT 60,
  "buffer_before_min" INTEGER NOT NULL DEFAULT 0,
  "buffer_after_min" INTEGER NOT NULL DEFAULT 0,
  "approval" "ApprovalPolicy" NOT NULL DEFAULT 'MANAGER',
  "requires_qualification" BOOLEAN NOT NULL DEFAULT false,
  "price_unit" "PriceUnit" NOT NULL DEFAULT 'HOUR',
  "price_internal_fen" INTEGER NOT NULL,
  "price_external_fen" INTEGER NOT NULL,
  "status" "ResourceStatus" NOT NULL DEFAULT 'ACTIVE',
  "specs" JSONB NOT NULL DEFAULT '{}',
  "annual_quota_hours" INTEGER NOT NULL DEFAULT 1400,
  "certification_body_id" UUID,
  "hold_minutes" INTEGER NOT NULL DEFAULT 2880,
  "is_sample" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "feed_token" TEXT NOT NULL DEFAULT encode(gen_random_bytes(18), 'hex'),
  CONSTRAINT "resource_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "resource_policy_check" CHECK (
    "granularity_min" > 0 AND "min_duration_min" > 0 AND "max_duration_min" >= "min_duration_min"
    AND "min_notice_min" >= 0 AND "horizon_days" > 0 AND "buffer_before_min" >= 0 AND "buffer_after_min" >= 0
    AND "price_internal_fen" >= 0 AND "price_external_fen" >= 0 AND "annual_quota_hours" >= 0 AND "hold_minutes" > 0)
);
CREATE UNIQUE INDEX "resource_code_key" ON "resource"("code");
CREATE UNIQUE INDEX "resource_feed_token_key" ON "resource"("feed_token");
CREATE INDEX "resource_facility_id_kind_idx" ON "resource"("facility_id", "kind");

CREATE TABLE "resource_unit" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "resource_id" UUID NOT NULL,
  "label" TEXT NOT NULL,
  "position" INTEGER NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  CONSTRAINT "resource_unit_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "resource_unit_resource_id_position_key" ON "resource_unit"("resource_id", "position");

CREATE TABLE "opening_hours" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "facility_id" UUID NOT NULL,
  "resource_id" UUID,
  "weekday" INTEGER NOT NULL,
  "opens_min" INTEGER NOT NULL,
  "closes_min" INTEGER NOT NULL,
  CONSTRAINT "opening_hours_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "opening_hours_check" CHECK ("weekday" BETWEEN 1 AND 7 AND "opens_min" >= 0 AND "closes_min" <= 1440 AND "opens_min" < "closes_min")
);
CREATE INDEX "opening_hours_facility_id_resource_id_idx" ON "opening_hours"("facility_id", "resource_id");

CREATE TABLE "calendar_day" (
  "date" DATE NOT NULL,
  "kind" "CalendarDayKind" NOT NULL,
  "name_zh" TEXT NOT NULL,
  "name_en" TEXT NOT NULL,
  "source" TEXT NOT NULL,
  CONSTRAINT "calendar_day_pkey" PRIMARY KEY ("date")
);

CREATE TABLE "closure" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "facility_id" UUID,
  "resource_id" UUID,
  "starts_at" TIMESTAMPTZ(6) NOT NULL,
  "ends_at" TIMESTAMPTZ(6) NOT NULL,
  "reason" TEXT NOT NULL,
  CONSTRAINT "closure_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "closure_range_check" CHECK ("starts_at" < "ends_at"),
  CONSTRAINT "closure_target_check" CHECK ("facility_id" IS NOT NULL OR "resource_id" IS NOT NULL)
);
CREATE INDEX "closure_facility_id_idx" ON "closure"("facility_id");
CREATE INDEX "closure_resource_id_idx" ON "closure"("resource_id");

-- Adding whole minutes to a timestamptz does not depend on the session time zone, so this is truly immutable,
-- which a generated column requires (timestamptz + interval is only STABLE in general).
CREATE FUNCTION "booking_blocked_range"(starts TIMESTAMPTZ, ends TIMESTAMPTZ, before_min INTEGER, after_min INTEGER)
RETURNS TSTZRANGE LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN tstzrange(starts - make_interval(mins => before_min), ends + make_interval(mins => after_min), '[)');

CREATE TABLE "booking" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "kind" "BookingKind" NOT NULL DEFAULT 'BOOKING',
  "organization_id" UUID,
  "requester_id" UUID NOT NULL,
  "resource_id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "starts_at" TIMESTAMPTZ(6) NOT NULL,
  "ends_at" TIMESTAMPTZ(6) NOT NULL,
  "buffer_before_min" INTEGER NOT NULL DEFAULT 0,
  "buffer_after_min" INTEGER NOT NULL DEFAULT 0,
  "blocked" TSTZRANGE GENERATED ALWAYS AS (booking_blocked_range("starts_at", "ends_at", "buffer_before_min", "buffer_after_min")) STORED,
  "status" "BookingStatus" NOT NULL,
  "purpose" TEXT NOT NULL DEFAULT '',
  "sample_details" TEXT,
  "quoted_price_fen" INTEGER NOT NULL DEFAULT 0,
  "series_id" UUID,
  "campaign_id" UUID,
  "hold_expires_at" TIMESTAMPTZ(6),
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "booking_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "booking_range_check" CHECK ("starts_at" < "ends_at" AND "buffer_before_min" >= 0 AND "buffer_after_min" >= 0),
  CONSTRAINT "booking_org_check" CHECK ("kind" = 'MAINTENANCE' OR "organization_id" IS NOT NULL),
  -- The judge of conflicts: no two active bookings (maintenance included) may block overlapping time on one unit.
  CONSTRAINT "booking_no_overlap" EXCLUDE USING gist ("unit_id" WITH =, "blocked" WITH &&)
    WHERE ("status" IN ('PENDING', 'APPROVED', 'CHECKED_IN'))
);
CREATE INDEX "booking_resource_id_starts_at_idx" ON "booking"("resource_id", "starts_at");
CREATE INDEX "booking_organization_id_starts_at_idx" ON "booking"("organization_id", "starts_at");
CREATE INDEX "booking_requester_id_idx" ON "booking"("requester_id");
CREATE INDEX "booking_series_id_idx" ON "booking"("series_id");
CREATE INDEX "booking_campaign_id_idx" ON "booking"("campaign_id");
CREATE INDEX "booking_pending_hold_idx" ON "booking"("hold_expires_at") WHERE "status" = 'PENDING';

CREATE TABLE "booking_event" (
  "id" BIGSERIAL NOT NULL,
  "booking_id" UUID NOT NULL,
  "from_status" "BookingStatus",
  "to_status" "BookingStatus" NOT NULL,
  "actor_id" UUID,
  "reason" TEXT,
  "at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "booking_event_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "booking_event_booking_id_at_idx" ON "booking_event"("booking_id", "at");

CREATE TABLE "idempotency_record" (
  "user_id" UUID NOT NULL,
  "key" TEXT NOT NULL,
  "request_hash" TEXT NOT NULL,
  "response" JSONB NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("user_id", "key")
);

CREATE TABLE "usage_record" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "booking_id" UUID,
  "resource_id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "organization_id" UUID,
  "started_at" TIMESTAMPTZ(6) NOT NULL,
  "ended_at" TIMESTAMPTZ(6),
  "samples" INTEGER,
  "note" TEXT,
  "recorded_by_id" UUID,
  CONSTRAINT "usage_record_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "usage_record_range_check" CHECK ("ended_at" IS NULL OR "started_at" < "ended_at")
);
CREATE INDEX "usage_record_resource_id_started_at_idx" ON "usage_record"("resource_id", "started_at");
CREATE INDEX "usage_record_booking_id_idx" ON "usage_record"("booking_id");

CREATE TABLE "qualification" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "resource_id" UUID NOT NULL,
  "granted_by_id" UUID,
  "granted_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "expires_at" TIMESTAMPTZ(6),
  CONSTRAINT "qualification_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "qualification_user_id_resource_id_key" ON "qualification"("user_id", "resource_id");

CREATE TABLE "outbox" (
  "id" BIGSERIAL NOT NULL,
  "topic" TEXT NOT NULL,
  "payload" JSONB NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "available_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "sent_at" TIMESTAMPTZ(6),
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "last_error" TEXT,
  CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "outbox_sent_at_available_at_idx" ON "outbox"("sent_at", "available_at");

ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "membership" ADD CONSTRAINT "membership_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "facility_operator" ADD CONSTRAINT "facility_operator_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "facility_operator" ADD CONSTRAINT "facility_operator_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "facility_manager" ADD CONSTRAINT "facility_manager_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "facility_manager" ADD CONSTRAINT "facility_manager_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "certification_body" ADD CONSTRAINT "certification_body_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource" ADD CONSTRAINT "resource_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "resource" ADD CONSTRAINT "resource_certification_body_id_fkey" FOREIGN KEY ("certification_body_id") REFERENCES "certification_body"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "resource_unit" ADD CONSTRAINT "resource_unit_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "opening_hours" ADD CONSTRAINT "opening_hours_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "opening_hours" ADD CONSTRAINT "opening_hours_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "closure" ADD CONSTRAINT "closure_facility_id_fkey" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "closure" ADD CONSTRAINT "closure_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "booking" ADD CONSTRAINT "booking_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "booking" ADD CONSTRAINT "booking_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "booking" ADD CONSTRAINT "booking_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "booking" ADD CONSTRAINT "booking_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "resource_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "booking_event" ADD CONSTRAINT "booking_event_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "booking_event" ADD CONSTRAINT "booking_event_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "usage_record" ADD CONSTRAINT "usage_record_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "booking"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "usage_record" ADD CONSTRAINT "usage_record_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "resource_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "usage_record" ADD CONSTRAINT "usage_record_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "usage_record" ADD CONSTRAINT "usage_record_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "qualification" ADD CONSTRAINT "qualification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "qualification" ADD CONSTRAINT "qualification_granted_by_id_fkey" FOREIGN KEY ("granted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "qualification" ADD CONSTRAINT "qualification_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
