import { describe, expect, it } from "vitest";
import { completedOrderOf, type ChargeableOrder } from "./charge-order.ts";
import { estimateOrderPrice } from "../../domain/order-state.ts";
import { priceLine } from "../../domain/charging.ts";

const order = (over: Partial<ChargeableOrder> = {}, unit: "SAMPLE" | "ITEM" = "SAMPLE"): ChargeableOrder => ({
  id: "00000000-0000-4000-8000-000000000001",
  code: "WT-20261203-00001",
  organizationId: "00000000-0000-4000-8000-000000000002",
  facilityId: "00000000-0000-4000-8000-000000000003",
  resourceId: null,
  sampleName: "电芯",
  sampleQuantity: 3,
  items: ["热扩散", "外部短路"],
  service: { nameZh: "电池安全", resourceId: null, priceUnit: unit, priceInternalFen: 5_000, priceExternalFen: 7_500 },
  ...over,
});
const closedAt = new Date("2026-12-03T08:00:00Z");

describe("completedOrderOf", () => {
  it("charges a per-sample service in one line for all samples", () => {
    const charge = completedOrderOf(order(), closedAt)!;
    expect(charge.items).toEqual([expect.objectContaining({ key: "samples", unit: "SAMPLE", quantity: 3 })]);
    expect(charge.completedAt).toBe(closedAt);
  });

  it("charges a per-item service one line per item over all samples, stable keys", () => {
    const charge = completedOrderOf(order({}, "ITEM"), closedAt)!;
    expect(charge.items.map((i) => [i.key, i.unit, i.quantity])).toEqual([
      ["item-1", "ITEM", 3],
      ["item-2", "ITEM", 3],
    ]);
  });

  it("adds up, before discount, to the list estimate the quote starts from", () => {
    for (const unit of ["SAMPLE", "ITEM"] as const) {
      for (const items of [[], ["a"], ["a", "b", "c"]]) {
        const o = order({ items }, unit);
        const total = completedOrderOf(o, closedAt)!.items.reduce(
          (n, i) => n + priceLine({ unit: i.unit, unitPriceFen: i.priceExternalFen, quantity: i.quantity }).grossFen,
          0,
        );
        const estimate = estimateOrderPrice({ ...o.service, internal: false, samples: 3, items: items.length });
        expect(total, `${unit} ${items.length}`).toBe(estimate);
      }
    }
  });

  it("charges nobody when no organization ordered, and names the service's instrument", () => {
    expect(completedOrderOf(order({ organizationId: null }), closedAt)).toBeNull();
    const onInstrument = order({ service: { ...order().service, resourceId: "r" } });
    expect(completedOrderOf(onInstrument, closedAt)!.items[0]!.resourceId).toBe("r");
  });
});
