-- Round 2, issue 12: stewarded holiday calendar (provisional days), continuous resources, equivalence
-- groups, ways of use (offers), fair use (quotas, no-shows, suspensions) and training requests.
ALTER TYPE "PriceUnit" ADD VALUE IF NOT EXISTS 'ITEM';
ALTER TYPE "PriceUnit" ADD VALUE IF NOT EXISTS 'BATCH';

CREATE TYPE "OfferKind" AS ENUM ('SELF_OPERATED', 'SAMPLE');
CREATE TYPE "QuotaPeriod" AS ENUM ('WEEK', 'MONTH');
CREATE TYPE "QualificationRequestStatus" AS ENUM ('REQUESTED', 'SCHEDULED', 'GRANTED', 'DECLINED', 'CANCELLED');

ALTER TABLE "calendar_day" ADD COLUMN "provisional" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "resource"
  ADD COLUMN "continuous" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "technique" TEXT,
  ADD COLUMN "qualification_lapse_days" INTEGER CHECK ("qualification_lapse_days" > 0);
CREATE INDEX "resource_technique_idx" ON "resource" ("technique") WHERE "technique" IS NOT NULL;

CREATE TABLE "resource_offer" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "resource_id" UUID NOT NULL REFERENCES "resource"("id") ON DELETE CASCADE,
  "kind" "OfferKind" NOT NULL,
  "price_unit" "PriceUnit" NOT NULL,
  "price_internal_fen" INTEGER NOT NULL CHECK ("price_internal_fen" >= 0),
  "price_external_fen" INTEGER NOT NULL CHECK ("price_external_fen" >= 0),
  "lead_days" INTEGER NOT NULL DEFAULT 0 CHECK ("lead_days" >= 0),
  "counts_toward_quota" BOOLEAN NOT NULL DEFAULT true,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "is_sample" BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT "resource_offer_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "resource_offer_resource_id_kind_key" ON "resource_offer" ("resource_id", "kind");

ALTER TABLE "booking"
  ADD COLUMN "offer_id" UUID REFERENCES "resource_offer"("id"),
  ADD COLUMN "samples" INTEGER CHECK ("samples" > 0),
  ADD COLUMN "items" INTEGER CHECK ("items" > 0);

CREATE TABLE "fair_use_rule" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "facility_id" UUID NOT NULL REFERENCES "facility"("id") ON DELETE CASCADE,
  "resource_id" UUID REFERENCES "resource"("id") ON DELETE CASCADE,
  "quota_period" "QuotaPeriod",
  "quota_hours" INTEGER CHECK ("quota_hours" > 0),
  "quota_bookings" INTEGER CHECK ("quota_bookings" > 0),
  "late_cancel_hours" INTEGER CHECK ("late_cancel_hours" >= 0),
  "no_show_grace_min" INTEGER CHECK ("no_show_grace_min" >= 0),
  "no_show_limit" INTEGER CHECK ("no_show_limit" > 0),
  "no_show_window_days" INTEGER CHECK ("no_show_window_days" > 0),
  "suspension_days" INTEGER CHECK ("suspension_days" > 0),
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "updated_by_id" UUID,
  CONSTRAINT "fair_use_rule_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "fair_use_rule_facility_id_idx" ON "fair_use_rule" ("facility_id");
-- One rule per facility and one per resource.
CREATE UNIQUE INDEX "fair_use_rule_facility_only_key" ON "fair_use_rule" ("facility_id") WHERE "resource_id" IS NULL;
CREATE UNIQUE INDEX "fair_use_rule_resource_key" ON "fair_use_rule" ("resource_id") WHERE "resource_id" IS NOT NULL;

CREATE TABLE "suspension" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "organization_id" UUID NOT NULL REFERENCES "organization"("id") ON DELETE CASCADE,
  "facility_id" UUID NOT NULL REFERENCES "facility"("id") ON DELETE CASCADE,
  "starts_at" TIMESTAMPTZ(6) NOT NULL,
  "ends_at" TIMESTAMPTZ(6) NOT NULL,
  "reason" TEXT NOT NULL,
  "lifted_at" TIMESTAMPTZ(6),
  "lifted_by_id" UUID REFERENCES "app_user"("id"),
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "suspension_pkey" PRIMARY KEY ("id"),
  CHECK ("ends_at" > "starts_at")
);
CREATE INDEX "suspension_organization_id_facility_id_idx" ON "suspension" ("organization_id", "facility_id");

CREATE TABLE "qualification_request" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
  "resource_id" UUID NOT NULL REFERENCES "resource"("id") ON DELETE CASCADE,
  "status" "QualificationRequestStatus" NOT NULL DEFAULT 'REQUESTED',
  "message" TEXT NOT NULL DEFAULT '',
  "scheduled_for" TIMESTAMPTZ(6),
  "completed_at" TIMESTAMPTZ(6),
  "decided_by_id" UUID REFERENCES "app_user"("id"),
  "decision_note" TEXT,
  "qualification_id" UUID REFERENCES "qualification"("id") ON DELETE SET NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "qualification_request_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "qualification_request_resource_id_status_idx" ON "qualification_request" ("resource_id", "status");
CREATE INDEX "qualification_request_user_id_idx" ON "qualification_request" ("user_id");
-- At most one open request per member and resource.
CREATE UNIQUE INDEX "qualification_request_open_key" ON "qualification_request" ("user_id", "resource_id")
  WHERE "status" IN ('REQUESTED', 'SCHEDULED');

ALTER TABLE "facility" ADD COLUMN "opening_hours_sample" BOOLEAN NOT NULL DEFAULT false;
-- The five seeded facilities' opening hours were never sourced: flag them sample until a manager sets them.
UPDATE "facility" SET "opening_hours_sample" = true WHERE "code" IN ('BATTERY', 'FOOD', 'INSTRUMENT', 'TESTING', 'PRINTING');

-- Every existing resource keeps its one way of use as an offer, so bookings can name it.
INSERT INTO "resource_offer" ("resource_id", "kind", "price_unit", "price_internal_fen", "price_external_fen",
  "lead_days", "counts_toward_quota", "is_sample")
SELECT "id", CASE WHEN "price_unit" = 'HOUR' THEN 'SELF_OPERATED'::"OfferKind" ELSE 'SAMPLE'::"OfferKind" END,
  "price_unit", "price_internal_fen", "price_external_fen", CASE WHEN "price_unit" = 'HOUR' THEN 0 ELSE 7 END,
  "price_unit" = 'HOUR', "is_sample"
FROM "resource";
