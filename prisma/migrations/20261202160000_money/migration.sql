-- Money (#15): an append-only ledger of charge lines in integer fen, statements, payments, innovation
-- vouchers, and the organization's own approval of requests above its spending threshold.

ALTER TABLE "organization" ADD COLUMN "spending_threshold_fen" INTEGER
  CONSTRAINT "organization_spending_threshold_check" CHECK ("spending_threshold_fen" >= 0);
ALTER TABLE "resource" ADD COLUMN "billing_increment_min" INTEGER NOT NULL DEFAULT 30
  CONSTRAINT "resource_billing_increment_check" CHECK ("billing_increment_min" BETWEEN 1 AND 1440);
-- A request awaiting its organization's approval stays PENDING, so the exclusion constraint already holds
-- its slot and expirePendingHolds expires it: no change to the constraint's status list is needed.
ALTER TABLE "booking" ADD COLUMN "awaiting_org_approval" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "booking" ADD CONSTRAINT "booking_org_approval_check" CHECK (NOT "awaiting_org_approval" OR "status" = 'PENDING');
-- Any path that ends a request (expiry, cancellation, a decision by code written elsewhere) clears the flag,
-- so no writer of booking.status has to know about it.
CREATE FUNCTION "booking_clear_org_approval"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'PENDING' THEN NEW.awaiting_org_approval := false; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "booking_clear_org_approval" BEFORE INSERT OR UPDATE OF "status" ON "booking"
  FOR EACH ROW EXECUTE FUNCTION "booking_clear_org_approval"();
CREATE INDEX "booking_awaiting_org_approval_idx" ON "booking"("organization_id") WHERE "awaiting_org_approval";

CREATE TYPE "ChargeSourceType" AS ENUM ('BOOKING', 'ORDER', 'ADJUSTMENT');
CREATE TYPE "CustomerClass" AS ENUM ('INTERNAL', 'EXTERNAL');
CREATE TYPE "ChargeStatus" AS ENUM ('PENDING', 'CONFIRMED', 'DISPUTED');

CREATE TABLE "statement" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "number" TEXT NOT NULL,
  "organization_id" UUID NOT NULL REFERENCES "organization"("id"),
  "facility_id" UUID NOT NULL REFERENCES "facility"("id"),
  "period" TEXT NOT NULL CHECK ("period" ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  "sequence" INTEGER NOT NULL DEFAULT 1 CHECK ("sequence" >= 1),
  "organization_name_zh" TEXT NOT NULL,
  "organization_name_en" TEXT NOT NULL,
  "uscc" TEXT,
  "total_fen" INTEGER NOT NULL,
  "issued_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "statement_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "statement_number_key" ON "statement"("number");
CREATE UNIQUE INDEX "statement_organization_id_facility_id_period_sequence_key" ON "statement"("organization_id", "facility_id", "period", "sequence");

CREATE TABLE "charge_line" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "organization_id" UUID NOT NULL REFERENCES "organization"("id"),
  "facility_id" UUID NOT NULL REFERENCES "facility"("id"),
  "resource_id" UUID REFERENCES "resource"("id"),
  "source_type" "ChargeSourceType" NOT NULL,
  "source_id" UUID NOT NULL,
  "kind" TEXT NOT NULL,
  "customer_class" "CustomerClass" NOT NULL,
  "description" TEXT NOT NULL,
  "quantity" INTEGER NOT NULL,
  "quantity_unit" TEXT NOT NULL,
  "unit_price_fen" INTEGER NOT NULL,
  "gross_fen" INTEGER NOT NULL,
  "discount_fen" INTEGER NOT NULL DEFAULT 0,
  "amount_fen" INTEGER NOT NULL,
  "service_at" TIMESTAMPTZ(6) NOT NULL,
  "period" TEXT NOT NULL CHECK ("period" ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  "status" "ChargeStatus" NOT NULL DEFAULT 'PENDING',
  "confirm_by" TIMESTAMPTZ(6) NOT NULL,
  "adjusts_line_id" UUID REFERENCES "charge_line"("id"),
  "reason" TEXT,
  "approved_by_id" UUID REFERENCES "app_user"("id"),
  "created_by_id" UUID REFERENCES "app_user"("id"),
  "statement_id" UUID REFERENCES "statement"("id"),
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "charge_line_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "charge_line_amount_check" CHECK ("amount_fen" = "gross_fen" - "discount_fen"),
  CONSTRAINT "charge_line_sign_check" CHECK (
    "source_type" = 'ADJUSTMENT' OR ("quantity" >= 0 AND "unit_price_fen" >= 0 AND "discount_fen" BETWEEN 0 AND "gross_fen")),
  -- An adjustment always says why and who approved it.
  CONSTRAINT "charge_line_adjustment_check" CHECK (
    "source_type" <> 'ADJUSTMENT' OR (coalesce(btrim("reason"), '') <> '' AND "approved_by_id" IS NOT NULL))
);
CREATE UNIQUE INDEX "charge_line_source_type_source_id_kind_key" ON "charge_line"("source_type", "source_id", "kind");
CREATE INDEX "charge_line_organization_id_period_idx" ON "charge_line"("organization_id", "period");
CREATE INDEX "charge_line_facility_id_period_idx" ON "charge_line"("facility_id", "period");
CREATE INDEX "charge_line_statement_id_idx" ON "charge_line"("statement_id");
CREATE INDEX "charge_line_pending_idx" ON "charge_line"("confirm_by") WHERE "status" = 'PENDING';

-- The ledger is append-only: no DELETE, and no UPDATE of what was charged. Only the confirmation status may
-- move, and the statement may be set once.
CREATE FUNCTION "charge_line_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'charge_line is append-only: add an adjustment line instead' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.organization_id, NEW.facility_id, NEW.resource_id, NEW.source_type, NEW.source_id, NEW.kind,
      NEW.customer_class, NEW.description, NEW.quantity, NEW.quantity_unit, NEW.unit_price_fen, NEW.gross_fen,
      NEW.discount_fen, NEW.amount_fen, NEW.service_at, NEW.period, NEW.adjusts_line_id, NEW.reason,
      NEW.approved_by_id, NEW.created_by_id, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.organization_id, OLD.facility_id, OLD.resource_id, OLD.source_type, OLD.source_id, OLD.kind,
      OLD.customer_class, OLD.description, OLD.quantity, OLD.quantity_unit, OLD.unit_price_fen, OLD.gross_fen,
      OLD.discount_fen, OLD.amount_fen, OLD.service_at, OLD.period, OLD.adjusts_line_id, OLD.reason,
      OLD.approved_by_id, OLD.created_by_id, OLD.created_at) THEN
    RAISE EXCEPTION 'charge_line amounts cannot be edited: add an adjustment line instead' USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.statement_id IS NOT NULL AND NEW.statement_id IS DISTINCT FROM OLD.statement_id THEN
    RAISE EXCEPTION 'a charge line stays on the statement that carries it' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "charge_line_append_only" BEFORE UPDATE OR DELETE ON "charge_line"
  FOR EACH ROW EXECUTE FUNCTION "charge_line_guard"();

CREATE TABLE "charge_event" (
  "id" BIGSERIAL NOT NULL,
  "charge_id" UUID NOT NULL REFERENCES "charge_line"("id"),
  "action" TEXT NOT NULL,
  "actor_id" UUID,
  "reason" TEXT,
  "at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "charge_event_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "charge_event_charge_id_at_idx" ON "charge_event"("charge_id", "at");

CREATE TABLE "charge_discount" (
  "facility_id" UUID NOT NULL REFERENCES "facility"("id") ON DELETE CASCADE,
  "organization_id" UUID NOT NULL REFERENCES "organization"("id") ON DELETE CASCADE,
  "basis_points" INTEGER NOT NULL CHECK ("basis_points" BETWEEN 0 AND 10000),
  "reason" TEXT NOT NULL,
  CONSTRAINT "charge_discount_pkey" PRIMARY KEY ("facility_id", "organization_id")
);

CREATE TABLE "payment" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "statement_id" UUID NOT NULL REFERENCES "statement"("id"),
  "amount_fen" INTEGER NOT NULL CHECK ("amount_fen" > 0),
  "paid_at" TIMESTAMPTZ(6) NOT NULL,
  "method" TEXT NOT NULL,
  "reference" TEXT NOT NULL DEFAULT '',
  "recorded_by_id" UUID NOT NULL REFERENCES "app_user"("id"),
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "payment_statement_id_idx" ON "payment"("statement_id");

CREATE TABLE "voucher" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "organization_id" UUID NOT NULL REFERENCES "organization"("id"),
  "number" TEXT NOT NULL,
  "issuer" TEXT NOT NULL,
  "amount_fen" INTEGER NOT NULL CHECK ("amount_fen" > 0),
  "valid_from" DATE NOT NULL,
  "valid_to" DATE NOT NULL,
  "eligible_facility_ids" UUID[] NOT NULL DEFAULT '{}',
  "eligible_service_types" TEXT[] NOT NULL DEFAULT '{}',
  "is_sample" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "voucher_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "voucher_validity_check" CHECK ("valid_from" <= "valid_to")
);
CREATE UNIQUE INDEX "voucher_number_key" ON "voucher"("number");
CREATE INDEX "voucher_organization_id_idx" ON "voucher"("organization_id");

CREATE TABLE "voucher_redemption" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "voucher_id" UUID NOT NULL REFERENCES "voucher"("id"),
  "statement_id" UUID NOT NULL REFERENCES "statement"("id"),
  "amount_fen" INTEGER NOT NULL CHECK ("amount_fen" > 0),
  "applied_by_id" UUID NOT NULL REFERENCES "app_user"("id"),
  "applied_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "voucher_redemption_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "voucher_redemption_voucher_id_idx" ON "voucher_redemption"("voucher_id");
CREATE INDEX "voucher_redemption_statement_id_idx" ON "voucher_redemption"("statement_id");
