import type { TestPriceUnit } from "../../enums.ts";
import type { CompletedOrder } from "../money/charge-completed.ts";

/** What charging needs of an order: the columns of `test_order` and its service's list prices. */
export type ChargeableOrder = {
  id: string;
  code: string;
  organizationId: string | null;
  facilityId: string;
  resourceId: string | null;
  sampleName: string;
  sampleQuantity: number;
  items: string[];
  service: {
    nameZh: string;
    resourceId: string | null;
    priceUnit: TestPriceUnit;
    priceInternalFen: number;
    priceExternalFen: number;
  };
};

/**
 * The ledger lines of a closed order (#15 §1: "a completed order produces lines per sample or item, each
 * priced at the rate in force with any discount"): priced per sample, one line for all samples; priced per
 * item, one line per requested item over all samples. The money module picks the internal or external rate
 * and the discount. The total before discount equals the list estimate the quote starts from
 * (`estimateOrderPrice`); the accepted quote is not the charge. Null when no organization pays.
 */
export const completedOrderOf = (order: ChargeableOrder, closedAt: Date): CompletedOrder | null => {
  if (!order.organizationId) return null;
  const { service } = order;
  const resourceId = order.resourceId ?? service.resourceId;
  const prices = { priceInternalFen: service.priceInternalFen, priceExternalFen: service.priceExternalFen };
  const perItem = service.priceUnit === "ITEM" && order.items.length > 0;
  const items = perItem
    ? order.items.map((item, index) => ({
        key: `item-${index + 1}`,
        resourceId,
        description: `${order.code} ${service.nameZh}：${item}`,
        unit: "ITEM" as const,
        quantity: order.sampleQuantity,
        ...prices,
      }))
    : [
        {
          key: "samples",
          resourceId,
          description: `${order.code} ${service.nameZh}：${order.sampleName}`,
          unit: service.priceUnit,
          quantity: order.sampleQuantity,
          ...prices,
        },
      ];
  return {
    orderId: order.id,
    organizationId: order.organizationId,
    facilityId: order.facilityId,
    completedAt: closedAt,
    items,
  };
};
