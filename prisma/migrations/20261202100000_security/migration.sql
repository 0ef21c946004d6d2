-- Security (#9): disabled users, idle session timeout, scoped API tokens, audit events.
ALTER TABLE "app_user" ADD COLUMN "disabled_at" TIMESTAMPTZ(6);
ALTER TABLE "session" ADD COLUMN "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now();
CREATE INDEX "session_expires_at_idx" ON "session" ("expires_at");

CREATE TYPE "ApiTokenScope" AS ENUM ('READ_ONLY', 'FULL');
ALTER TABLE "api_token" ADD COLUMN "scope" "ApiTokenScope" NOT NULL DEFAULT 'FULL';

CREATE TABLE "audit_event" (
  "id" BIGSERIAL PRIMARY KEY,
  "actor_id" UUID,
  "action" TEXT NOT NULL,
  "subject_type" TEXT NOT NULL,
  "subject_id" TEXT NOT NULL,
  "detail" JSONB NOT NULL DEFAULT '{}',
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now()
);
CREATE INDEX "audit_event_subject_type_subject_id_idx" ON "audit_event" ("subject_type", "subject_id");
CREATE INDEX "audit_event_created_at_idx" ON "audit_event" ("created_at");
