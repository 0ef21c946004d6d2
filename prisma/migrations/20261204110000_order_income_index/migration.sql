-- Income per certification body (#14 §9, money.repository.ts `incomeByBody`) reads the order and adjustment
-- lines charged in a window. The usage lines of bookings, the bulk of the ledger, stay out of this index; the
-- query repeats its predicate word for word, so the planner can use it.
CREATE INDEX "charge_line_order_income_idx" ON "charge_line"("service_at")
  WHERE "source_type" IN ('ORDER', 'ADJUSTMENT');
