/**
 * Pure money rules of the ledger. Everything is integer fen (分); no floating point is on the path:
 * divisions are integer divisions with the rounding written out.
 *
 * Rounding, documented once:
 * - Actual use is billed in started blocks of the resource's billing increment (30 min: started half-hours).
 *   42 minutes at a 30-minute increment bill 60 minutes; exactly 30 minutes bill 30.
 * - An hourly price times billed minutes is rounded half up to the fen: round(price × minutes / 60).
 * - A discount in basis points is rounded half up to the fen, and never exceeds the gross.
 */

const MINUTE_MS = 60_000;
export const MAX_LINE_FEN = 2_147_483_647;

/** Integer division of non-negative integers, rounded half up. */
export const divRoundHalfUp = (numerator: number, denominator: number): number => {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0 || numerator < 0) {
    throw new RangeError(`divRoundHalfUp needs safe non-negative integers, got ${numerator}/${denominator}`);
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
};

/** Minutes billed for actual use from `startedAt` to `endedAt` (epoch ms): started increments. */
export const billedMinutes = ({
  startedAt,
  endedAt,
  incrementMin,
}: {
  startedAt: number;
  endedAt: number;
  incrementMin: number;
}): number => {
  if (!(Number.isInteger(incrementMin) && incrementMin > 0))
    throw new RangeError("incrementMin must be a positive integer");
  const ms = Math.max(0, endedAt - startedAt);
  const blockMs = incrementMin * MINUTE_MS;
  return Math.ceil(ms / blockMs) * incrementMin;
};

export type LineAmounts = { grossFen: number; discountFen: number; amountFen: number };

/** Gross, discount and net of a line. `unit` HOUR takes quantity in minutes; SAMPLE/ITEM in pieces. */
export const priceLine = ({
  unit,
  unitPriceFen,
  quantity,
  discountBp = 0,
}: {
  unit: "HOUR" | "SAMPLE" | "ITEM";
  unitPriceFen: number;
  quantity: number;
  discountBp?: number;
}): LineAmounts => {
  if (!Number.isSafeInteger(unitPriceFen) || unitPriceFen < 0)
    throw new RangeError("unitPriceFen must be a fen integer");
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError("quantity must be a non-negative integer");
  if (!Number.isInteger(discountBp) || discountBp < 0 || discountBp > 10_000)
    throw new RangeError("discountBp 0..10000");
  const grossFen = unit === "HOUR" ? divRoundHalfUp(unitPriceFen * quantity, 60) : unitPriceFen * quantity;
  // The ledger stores int4 fen (up to ¥21,474,836.47 a line); refuse rather than overflow.
  if (grossFen > MAX_LINE_FEN) throw new RangeError(`a line of ${grossFen} fen exceeds the ledger's limit`);
  const discountFen = Math.min(grossFen, divRoundHalfUp(grossFen * discountBp, 10_000));
  return { grossFen, discountFen, amountFen: grossFen - discountFen };
};

/** The statement month of an instant, in Asia/Shanghai (UTC+8, no daylight saving): 'YYYY-MM'. */
export const periodOf = (at: number): string => new Date(at + 8 * 3_600_000).toISOString().slice(0, 7);

/** [start, end) of a period in epoch ms. */
export const periodRange = (period: string): { start: number; end: number } => {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1) - 8 * 3_600_000;
  const end = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 8 * 3_600_000;
  return { start, end };
};

export type PaymentStatus = "UNPAID" | "PARTLY_PAID" | "PAID";

/** Vouchers count as payment; a zero or credit statement is paid. */
export const paymentStatus = ({ totalFen, settledFen }: { totalFen: number; settledFen: number }): PaymentStatus =>
  settledFen >= totalFen ? "PAID" : settledFen > 0 ? "PARTLY_PAID" : "UNPAID";

/** Formats fen as yuan for display, with no floating point: 123456 → "1234.56", -5 → "-0.05". */
export const formatYuan = (fen: number): string => {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
};
