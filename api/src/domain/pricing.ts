import type { PriceUnit } from "../enums.ts";

export type { PriceUnit };

export type QuotePriceOptions = {
  priceUnit: PriceUnit;
  /** Price per hour, per sample, per test item or per batch, in integer fen (分). */
  priceFen: number;
  durationMin: number;
  /** Number of samples for SAMPLE and ITEM pricing; one when absent. */
  samples?: number | undefined;
  /** Test items asked for each sample, for ITEM pricing; one when absent. */
  items?: number | undefined;
};

/**
 * Price in integer fen. Hourly prices are charged per started minute, then rounded half up to the fen,
 * so the same booking always costs the same whatever floating point the caller used for minutes. Sample
 * submission counts samples (SAMPLE), samples × test items (ITEM), or one batch (BATCH), never time.
 */
export const quotePrice = ({ priceUnit, priceFen, durationMin, samples = 1, items = 1 }: QuotePriceOptions): number => {
  if (priceUnit === "SAMPLE") return priceFen * samples;
  if (priceUnit === "ITEM") return priceFen * samples * items;
  if (priceUnit === "BATCH") return priceFen;
  const minutes = Math.ceil(durationMin);
  return Math.floor((priceFen * minutes + 30) / 60);
};
