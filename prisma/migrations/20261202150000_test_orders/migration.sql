-- Test orders (委托检测): accreditation scopes, test services, orders with custody, files, reports.
CREATE TYPE "TestPriceUnit" AS ENUM ('SAMPLE', 'ITEM');
CREATE TYPE "OrderStatus" AS ENUM ('REQUESTED', 'QUOTED', 'ACCEPTED', 'DECLINED', 'RECEIVED', 'TESTING', 'REPORTED', 'CONFIRMED', 'CLOSED', 'CANCELLED');
CREATE TYPE "ReportLanguage" AS ENUM ('ZH', 'EN', 'ZH_EN');
CREATE TYPE "CustodyAction" AS ENUM ('RECEIVED', 'STORED', 'MOVED', 'RETURNED', 'DISPOSED');
CREATE TYPE "OrderFileKind" AS ENUM ('ATTACHMENT', 'REPORT');

CREATE TABLE "accreditation_scope" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "certification_body_id" UUID NOT NULL REFERENCES "certification_body"("id") ON DELETE CASCADE,
  "standard_number" TEXT NOT NULL,
  "standard_title_zh" TEXT NOT NULL,
  "standard_title_en" TEXT NOT NULL,
  "item_zh" TEXT NOT NULL,
  "item_en" TEXT NOT NULL,
  "product_zh" TEXT NOT NULL,
  "product_en" TEXT NOT NULL,
  "limits" TEXT NOT NULL DEFAULT '',
  "cma" BOOLEAN NOT NULL DEFAULT true,
  "cnas" BOOLEAN NOT NULL DEFAULT false,
  "is_sample" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "accreditation_scope_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "accreditation_scope_certification_body_id_standard_number_item_zh_product_zh_key"
  ON "accreditation_scope"("certification_body_id", "standard_number", "item_zh", "product_zh");
CREATE INDEX "accreditation_scope_standard_number_idx" ON "accreditation_scope"("standard_number");

CREATE TABLE "test_service" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "code" TEXT NOT NULL,
  "facility_id" UUID NOT NULL REFERENCES "facility"("id"),
  "resource_id" UUID REFERENCES "resource"("id"),
  "name_zh" TEXT NOT NULL,
  "name_en" TEXT NOT NULL,
  "description_zh" TEXT NOT NULL,
  "description_en" TEXT NOT NULL,
  "price_unit" "TestPriceUnit" NOT NULL DEFAULT 'SAMPLE',
  "price_internal_fen" INTEGER NOT NULL CHECK ("price_internal_fen" >= 0),
  "price_external_fen" INTEGER NOT NULL CHECK ("price_external_fen" >= 0),
  "turnaround_days" INTEGER NOT NULL CHECK ("turnaround_days" > 0),
  "retest_window_days" INTEGER NOT NULL DEFAULT 15 CHECK ("retest_window_days" >= 0),
  "active" BOOLEAN NOT NULL DEFAULT true,
  "is_sample" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "test_service_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "test_service_code_key" ON "test_service"("code");
CREATE INDEX "test_service_facility_id_idx" ON "test_service"("facility_id");

CREATE TABLE "test_service_body" (
  "service_id" UUID NOT NULL REFERENCES "test_service"("id") ON DELETE CASCADE,
  "certification_body_id" UUID NOT NULL REFERENCES "certification_body"("id") ON DELETE CASCADE,
  CONSTRAINT "test_service_body_pkey" PRIMARY KEY ("service_id", "certification_body_id")
);
CREATE INDEX "test_service_body_certification_body_id_idx" ON "test_service_body"("certification_body_id");

CREATE TABLE "test_service_item" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "service_id" UUID NOT NULL REFERENCES "test_service"("id") ON DELETE CASCADE,
  "position" INTEGER NOT NULL,
  "standard_number" TEXT NOT NULL,
  "item_zh" TEXT NOT NULL,
  "item_en" TEXT NOT NULL,
  CONSTRAINT "test_service_item_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "test_service_item_service_id_position_key" ON "test_service_item"("service_id", "position");

CREATE SEQUENCE "test_order_code_seq";

CREATE TABLE "test_order" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "code" TEXT NOT NULL,
  "service_id" UUID NOT NULL REFERENCES "test_service"("id"),
  "facility_id" UUID NOT NULL REFERENCES "facility"("id"),
  "certification_body_id" UUID REFERENCES "certification_body"("id"),
  "organization_id" UUID REFERENCES "organization"("id"),
  "requester_id" UUID NOT NULL REFERENCES "app_user"("id"),
  "status" "OrderStatus" NOT NULL,
  "sample_name" TEXT NOT NULL,
  "sample_quantity" INTEGER NOT NULL CHECK ("sample_quantity" > 0),
  "matrix" TEXT NOT NULL,
  "items" TEXT[] NOT NULL DEFAULT '{}',
  "standard_number" TEXT NOT NULL,
  "report_language" "ReportLanguage" NOT NULL,
  "retention_days" INTEGER NOT NULL CHECK ("retention_days" >= 0),
  "hazards" TEXT NOT NULL DEFAULT '',
  "note" TEXT NOT NULL DEFAULT '',
  "price_fen" INTEGER CHECK ("price_fen" >= 0),
  "quote_valid_until" TIMESTAMPTZ(6),
  "quote_note" TEXT,
  "sample_code" TEXT,
  "received_at" TIMESTAMPTZ(6),
  "due_at" TIMESTAMPTZ(6),
  "reported_at" TIMESTAMPTZ(6),
  "confirmed_at" TIMESTAMPTZ(6),
  "closed_at" TIMESTAMPTZ(6),
  "retention_ends_at" TIMESTAMPTZ(6),
  "retention_reminded_at" TIMESTAMPTZ(6),
  "retest_count" INTEGER NOT NULL DEFAULT 0,
  "resource_id" UUID REFERENCES "resource"("id"),
  "booking_id" UUID REFERENCES "booking"("id"),
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "test_order_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "test_order_code_key" ON "test_order"("code");
CREATE UNIQUE INDEX "test_order_sample_code_key" ON "test_order"("sample_code");
CREATE UNIQUE INDEX "test_order_booking_id_key" ON "test_order"("booking_id");
CREATE INDEX "test_order_facility_id_created_at_idx" ON "test_order"("facility_id", "created_at");
CREATE INDEX "test_order_certification_body_id_created_at_idx" ON "test_order"("certification_body_id", "created_at");
CREATE INDEX "test_order_organization_id_created_at_idx" ON "test_order"("organization_id", "created_at");
-- The retention reminder job looks only at orders whose reminder is still due.
CREATE INDEX "test_order_retention_due_idx" ON "test_order"("retention_ends_at") WHERE "retention_reminded_at" IS NULL;

CREATE TABLE "order_event" (
  "id" BIGSERIAL NOT NULL,
  "order_id" UUID NOT NULL REFERENCES "test_order"("id") ON DELETE CASCADE,
  "action" TEXT NOT NULL,
  "from_status" "OrderStatus",
  "to_status" "OrderStatus" NOT NULL,
  "actor_id" UUID REFERENCES "app_user"("id"),
  "reason" TEXT,
  "at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "order_event_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "order_event_order_id_at_idx" ON "order_event"("order_id", "at");

CREATE TABLE "sample_custody" (
  "id" BIGSERIAL NOT NULL,
  "order_id" UUID NOT NULL REFERENCES "test_order"("id") ON DELETE CASCADE,
  "action" "CustodyAction" NOT NULL,
  "condition" TEXT NOT NULL,
  "storage" TEXT NOT NULL,
  "note" TEXT NOT NULL DEFAULT '',
  "actor_id" UUID NOT NULL REFERENCES "app_user"("id"),
  "at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "sample_custody_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sample_custody_order_id_at_idx" ON "sample_custody"("order_id", "at");

-- History rows are evidence: refuse to change or delete them (a cascading delete of the whole order is allowed).
CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM test_order WHERE id = OLD.order_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER order_event_append_only BEFORE UPDATE OR DELETE ON "order_event"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER sample_custody_append_only BEFORE UPDATE OR DELETE ON "sample_custody"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();

CREATE TABLE "stored_file" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "filename" TEXT NOT NULL,
  "content_type" TEXT NOT NULL,
  "size_bytes" INTEGER NOT NULL CHECK ("size_bytes" >= 0),
  "sha256" TEXT NOT NULL,
  "data" BYTEA NOT NULL,
  "created_by_id" UUID REFERENCES "app_user"("id"),
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "stored_file_pkey" PRIMARY KEY ("id")
);
-- PDFs do not compress: keep them out of line without trying.
ALTER TABLE "stored_file" ALTER COLUMN "data" SET STORAGE EXTERNAL;

CREATE TABLE "order_file" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "order_id" UUID NOT NULL REFERENCES "test_order"("id") ON DELETE CASCADE,
  "file_id" UUID NOT NULL REFERENCES "stored_file"("id"),
  "kind" "OrderFileKind" NOT NULL,
  "uploaded_by_id" UUID NOT NULL REFERENCES "app_user"("id"),
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "order_file_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "order_file_file_id_key" ON "order_file"("file_id");
CREATE INDEX "order_file_order_id_idx" ON "order_file"("order_id");

CREATE TABLE "test_report" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "order_id" UUID NOT NULL REFERENCES "test_order"("id") ON DELETE CASCADE,
  "file_id" UUID NOT NULL REFERENCES "stored_file"("id"),
  "sha256" TEXT NOT NULL,
  "verification_code" TEXT NOT NULL,
  "issued_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "issued_by_id" UUID NOT NULL REFERENCES "app_user"("id"),
  "superseded_at" TIMESTAMPTZ(6),
  "first_downloaded_at" TIMESTAMPTZ(6),
  CONSTRAINT "test_report_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "test_report_file_id_key" ON "test_report"("file_id");
CREATE UNIQUE INDEX "test_report_verification_code_key" ON "test_report"("verification_code");
CREATE INDEX "test_report_order_id_idx" ON "test_report"("order_id");
