-- Indexes for the utilization analytics (api/src/modules/analytics/analytics.repository.ts).
-- Partial and covering (INCLUDE) indexes cannot be written in schema.prisma, so they live only here, like
-- booking_pending_hold_idx in the init migration.

-- Booked hours read only these columns of the counted bookings: with the index covering them, a year of
-- bookings comes from an index-only scan instead of the wide heap rows. Leading with resource_id serves
-- one facility (resource_id = ANY(...)) and, through skip scan, all facilities.
CREATE INDEX "booking_counted_resource_id_starts_at_idx" ON "booking"("resource_id", "starts_at")
    INCLUDE ("ends_at", "unit_id")
    WHERE "kind" = 'BOOKING' AND "status" IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW');

-- 有效工作机时 and 对外服务机时: every column the usage part reads.
CREATE INDEX "usage_record_resource_id_started_at_covering_idx" ON "usage_record"("resource_id", "started_at")
    INCLUDE ("ended_at", "unit_id", "organization_id");

-- Approval lead time: the creating events of a window, and the decisions of their bookings.
CREATE INDEX "booking_event_created_at_idx" ON "booking_event"("at") INCLUDE ("booking_id")
    WHERE "from_status" IS NULL AND "to_status" = 'PENDING';
CREATE INDEX "booking_event_decided_idx" ON "booking_event"("booking_id", "at")
    WHERE "to_status" IN ('APPROVED', 'REJECTED');
