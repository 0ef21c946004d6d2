-- Notifications (inbox, e-mail, webhooks), waitlist and self-service accounts (issue #13).
CREATE TYPE "OrgVerification" AS ENUM ('VERIFIED', 'UNVERIFIED', 'REFUSED');
CREATE TYPE "EmailChoice" AS ENUM ('EACH', 'DIGEST', 'NONE');
CREATE TYPE "DeliveryChannel" AS ENUM ('EMAIL', 'WEBHOOK');
CREATE TYPE "WebhookFormat" AS ENUM ('JSON', 'WECOM', 'DINGTALK');
CREATE TYPE "WaitlistStatus" AS ENUM ('WAITING', 'OFFERED', 'BOOKED', 'LAPSED', 'CANCELLED');
CREATE TYPE "AccountTokenKind" AS ENUM ('VERIFY_EMAIL', 'RESET_PASSWORD', 'INVITATION');

-- Existing organizations were created by admins or seeds: they are verified.
ALTER TABLE "organization" ADD COLUMN "verification" "OrgVerification" NOT NULL DEFAULT 'VERIFIED',
  ADD COLUMN "verification_note" TEXT;
ALTER TABLE "app_user" ADD COLUMN "email_verified_at" TIMESTAMPTZ(6);
ALTER TABLE "outbox" ADD COLUMN "parked_at" TIMESTAMPTZ(6), ADD COLUMN "dedupe_key" TEXT;
CREATE UNIQUE INDEX "outbox_dedupe_key_key" ON "outbox"("dedupe_key");

CREATE TABLE "notification" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "outbox_id" BIGINT NOT NULL,
  "topic" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "body" TEXT NOT NULL,
  "link" TEXT,
  "read_at" TIMESTAMPTZ(6),
  "digested_at" TIMESTAMPTZ(6),
  "wants_digest" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "notification_outbox_id_user_id_key" ON "notification"("outbox_id", "user_id");
CREATE INDEX "notification_user_id_created_at_idx" ON "notification"("user_id", "created_at");
-- The header badge counts unread rows of one user on every page.
CREATE INDEX "notification_unread_idx" ON "notification"("user_id") WHERE "read_at" IS NULL;

CREATE TABLE "notification_preference" (
  "user_id" UUID NOT NULL,
  "topic" TEXT NOT NULL,
  "email" "EmailChoice" NOT NULL,
  CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("user_id", "topic")
);

CREATE TABLE "delivery" (
  "id" BIGSERIAL NOT NULL,
  "channel" "DeliveryChannel" NOT NULL,
  "message_id" TEXT NOT NULL,
  "outbox_id" BIGINT,
  "topic" TEXT NOT NULL,
  "user_id" UUID,
  "webhook_id" UUID,
  "recipient" TEXT NOT NULL,
  "content" JSONB NOT NULL,
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "available_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "locked_until" TIMESTAMPTZ(6),
  "sent_at" TIMESTAMPTZ(6),
  "parked_at" TIMESTAMPTZ(6),
  "last_error" TEXT,
  "last_status" INTEGER,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "delivery_message_id_key" ON "delivery"("message_id");
CREATE INDEX "delivery_sent_at_available_at_idx" ON "delivery"("sent_at", "available_at");
CREATE INDEX "delivery_webhook_id_created_at_idx" ON "delivery"("webhook_id", "created_at");

CREATE TABLE "webhook_endpoint" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "url" TEXT NOT NULL,
  "format" "WebhookFormat" NOT NULL,
  "secret" TEXT NOT NULL,
  "topics" TEXT[] NOT NULL DEFAULT '{}',
  "facility_id" UUID,
  "created_by_id" UUID NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "webhook_endpoint_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_endpoint_facility_id_idx" ON "webhook_endpoint"("facility_id");

CREATE TABLE "waitlist_entry" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "organization_id" UUID NOT NULL,
  "resource_id" UUID NOT NULL,
  "window_start" TIMESTAMPTZ(6) NOT NULL,
  "window_end" TIMESTAMPTZ(6) NOT NULL,
  "duration_min" INTEGER NOT NULL,
  "purpose" TEXT NOT NULL DEFAULT '',
  "include_equivalents" BOOLEAN NOT NULL DEFAULT false,
  "status" "WaitlistStatus" NOT NULL DEFAULT 'WAITING',
  "offer_booking_id" UUID,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "waitlist_entry_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "waitlist_entry_window_check" CHECK ("window_start" < "window_end" AND "duration_min" > 0)
);
CREATE UNIQUE INDEX "waitlist_entry_offer_booking_id_key" ON "waitlist_entry"("offer_booking_id");
CREATE INDEX "waitlist_entry_resource_id_status_created_at_idx" ON "waitlist_entry"("resource_id", "status", "created_at");
CREATE INDEX "waitlist_entry_user_id_idx" ON "waitlist_entry"("user_id");

CREATE TABLE "account_token" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "kind" "AccountTokenKind" NOT NULL,
  "token_hash" TEXT NOT NULL,
  "user_id" UUID,
  "email" TEXT NOT NULL,
  "organization_id" UUID,
  "role" "Role",
  "expires_at" TIMESTAMPTZ(6) NOT NULL,
  "used_at" TIMESTAMPTZ(6),
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT "account_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "account_token_token_hash_key" ON "account_token"("token_hash");
CREATE INDEX "account_token_user_id_idx" ON "account_token"("user_id");

ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
