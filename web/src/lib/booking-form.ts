// Pure helpers of the booking form, shared by its server action and its live feedback.
import { addMinutes, fromShanghai, minutesBetween, shanghaiDate, shanghaiTime } from "$lib/format";
import type { Resource } from "$lib/types";

export type BookingValues = {
  date: string;
  time: string;
  durationMin: number;
  purpose: string;
  sampleDetails: string;
  organizationId: string;
  /** The way of use (an offer of the resource); empty lets the API pick self-operated time. */
  offerId: string;
  /** For sample submission: how many samples, and test items per sample, as typed. */
  samples: string;
  items: string;
};

type Offer = Pick<Resource["offers"][number], "id" | "kind" | "priceUnit">;

const positive = (value: string) => {
  const n = Number(value);
  return value.trim() !== "" && Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The offer a form starts with: self-operated time where the resource sells it, else its first offer. */
export const defaultOfferId = (offers: Offer[]) =>
  (offers.find((o) => o.kind === "SELF_OPERATED") ?? offers[0])?.id ?? "";

/**
 * The way of use sent to the API, by the live check and by the submission alike, so the quote the form shows
 * is the one the booking gets: the chosen offer and, for sample submission, the samples and items counted.
 */
export const useOf = (values: Pick<BookingValues, "offerId" | "samples" | "items">, offers: Offer[]) => {
  const offer = offers.find((o) => o.id === values.offerId);
  if (!offer) return {};
  if (offer.kind !== "SAMPLE") return { offerId: offer.id };
  const samples = positive(values.samples);
  const items = offer.priceUnit === "ITEM" ? positive(values.items) : undefined;
  return { offerId: offer.id, ...(samples ? { samples } : {}), ...(items ? { items } : {}) };
};

/** Duration choices from the resource's minimum to maximum, in steps of its granularity (at most ~48). */
export const durationChoices = (resource: Pick<Resource, "minDurationMin" | "maxDurationMin" | "granularityMin">) => {
  const step0 = Math.max(1, resource.granularityMin);
  const count = Math.floor((resource.maxDurationMin - resource.minDurationMin) / step0) + 1;
  const step = step0 * Math.max(1, Math.ceil(count / 48));
  const choices: number[] = [];
  for (let min = resource.minDurationMin; min <= resource.maxDurationMin; min += step) choices.push(min);
  if (choices.at(-1) !== resource.maxDurationMin) choices.push(resource.maxDurationMin);
  return choices;
};

export const rangeOf = (values: Pick<BookingValues, "date" | "time" | "durationMin">) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || !/^\d{2}:\d{2}$/.test(values.time) || !(values.durationMin > 0))
    return null;
  const start = fromShanghai(values.date, values.time);
  return { start, end: addMinutes(start, values.durationMin) };
};

/** Form values for a given start (and optional end) instant, e.g. from an alternative or a calendar click. */
export const valuesAt = (start: string, end: string | null, fallbackDuration: number) => ({
  date: shanghaiDate(start),
  time: shanghaiTime(start),
  durationMin: end ? minutesBetween(start, end) : fallbackDuration,
});
