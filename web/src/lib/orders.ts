// Types of the test-order pages, inferred from the API's own response schemas (one source of truth).
import type {
  ZOrder,
  ZOrderAnalytics,
  ZOrderListItem,
  ZReportVerification,
  ZSampleLabel,
  ZServiceSearchResult,
  ZTestService,
} from "@zhongshi/api/contract";

import { OrderStatus as OrderStatusEnum, valuesOf } from "@zhongshi/api/enums";

export type Order = (typeof ZOrder)["_output"];
export type OrderListItem = (typeof ZOrderListItem)["_output"];
export type ServiceSearchResult = (typeof ZServiceSearchResult)["_output"];
export type TestService = (typeof ZTestService)["_output"];
export type SampleLabel = (typeof ZSampleLabel)["_output"];
export type ReportVerification = (typeof ZReportVerification)["_output"];
export type OrderAnalytics = (typeof ZOrderAnalytics)["_output"];
export type OrderStatus = Order["status"];

export const ORDER_STATUSES: OrderStatus[] = valuesOf(OrderStatusEnum);

/** The main line of an order, for the status timeline. */
export const ORDER_STAGES: OrderStatus[] = [
  "REQUESTED",
  "QUOTED",
  "ACCEPTED",
  "RECEIVED",
  "TESTING",
  "REPORTED",
  "CONFIRMED",
  "CLOSED",
];

/** Verification codes are shown in groups of four. */
export const groupCode = (code: string) => code.replace(/(.{4})(?=.)/g, "$1-");
