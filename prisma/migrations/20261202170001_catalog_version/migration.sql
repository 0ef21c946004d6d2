-- One counter that every change to what the booking rules and availability read (resources, units,
-- facilities, certification bodies, opening hours, closures, the holiday calendar, operators) bumps in the
-- same transaction. API processes cache those rows and compare this version (one primary-key read) before
-- using them, so a cached rule is never older than the last committed change (api/src/modules/catalog/catalog-cache.repository.ts).
CREATE TABLE "catalog_version" (
  "id" INTEGER NOT NULL DEFAULT 1,
  "version" BIGINT NOT NULL DEFAULT 1,
  CONSTRAINT "catalog_version_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "catalog_version_single_row" CHECK ("id" = 1)
);
INSERT INTO "catalog_version" ("id", "version") VALUES (1, 1);

CREATE FUNCTION "catalog_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;

CREATE TRIGGER "resource_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "resource"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER "resource_unit_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "resource_unit"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER "facility_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "facility"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER "certification_body_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "certification_body"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER "opening_hours_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "opening_hours"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER "closure_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "closure"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER "calendar_day_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_day"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER "facility_operator_catalog_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "facility_operator"
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
