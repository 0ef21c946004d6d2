import type { PriceUnit } from "../enums.ts";

export type { PriceUnit };

export type QuotePriceOptions = {
  priceUnit: PriceUnit;
  /** Price per hour or per sample, in integer fen (分). */
  priceFen: number;
  durationMin: number;
  /** Number of samples for SAMPLE pricing; one when absent. */
  samples?: number;
};

/**
 * Price in integer fen. Hourly prices are charged per started minute, then rounded half up to the fen,
 * so the same booking always costs the same whatever floating point the caller used for minutes.
 */
export const quotePrice = ({ priceUnit, priceFen, durationMin, samples = 1 }: QuotePriceOptions): number => {
  if (priceUnit === "SAMPLE") return priceFen * samples;
  const minutes = Math.ceil(durationMin);
  return Math.floor((priceFen * minutes + 30) / 60);
};
