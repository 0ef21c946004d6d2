// Round-2 seed data for the booking rules: techniques (equivalence groups) for alternatives, continuous
// resources, the ways of use (offers) and sample fair-use rules. Nothing here is sourced: prices of the
// sample-submission offers and every fair-use number are sample data (示例), flagged as such.
import type { FacilityCode } from "./types.ts";
import type { QuotaPeriod } from "@zhongshi/api/enums";

/** Technique or explicit equivalence group: alternatives are offered only within one. */
export const TECHNIQUES: Record<string, string> = {
  "INS-SEM-01": "SEM",
  "INS-TEM-01": "TEM",
  "INS-XRD-01": "XRD",
  "INS-NMR-400": "NMR",
  "INS-NMR-600": "NMR",
  "INS-ICPMS-01": "ICP-MS",
  "INS-HPLC-01": "HPLC",
  "INS-GCMS-01": "GC-MS",
  "INS-LCMS-01": "LC-MS",
  "INS-XPS-01": "XPS",
  "INS-PSA-01": "particle-size",
  "INS-BET-01": "BET",
  "INS-TGA-01": "TGA",
  "INS-FTIR-01": "FTIR",
  "BAT-CYC-01": "battery-cycling",
  "BAT-GLOVE-01": "glovebox",
  "FOOD-SPRAY-01": "spray-drying",
  "FOOD-FD-01": "freeze-drying",
  "FOOD-FERM-01": "fermentation",
  "PRT-SLM-TI-01": "SLM-Ti",
  "PRT-SLM-AL-01": "SLM-Al",
  "PRT-SLM-ST-01": "SLM-steel",
  "PRT-SLS-01": "SLS",
  "PRT-HT-01": "heat-treatment",
  "PRT-HIP-01": "HIP",
};

/** Round-the-clock resources (cyclers, fermenters, furnaces, continuous lines): holidays do not close them. */
export const CONTINUOUS = new Set(["BAT-PREC-01", "BAT-CYC-01", "FOOD-FERM-01", "PRT-HT-01", "PRT-HIP-01"]);

/** Qualifications on self-operated instruments lapse after half a year without use (sample rule). */
export const QUALIFICATION_LAPSE_DAYS = 180;

/**
 * Large instruments of the instrument center are sold both ways, as on Chinese sharing platforms:
 * 自主上机 by the hour (the resource's own hourly price) and 送样 per sample, with a lead time.
 * Per-sample prices here are sample data: about 40 % of an hour's price, rounded to ¥10.
 */
export const sampleOfferOf = (hourlyInternalFen: number, hourlyExternalFen: number) => ({
  priceUnit: "SAMPLE" as const,
  priceInternalFen: Math.max(1000, Math.round((hourlyInternalFen * 0.4) / 1000) * 1000),
  priceExternalFen: Math.max(1000, Math.round((hourlyExternalFen * 0.4) / 1000) * 1000),
  leadDays: 5,
  countsTowardQuota: false,
  isSample: true,
});

/** Test services of the testing center are priced per test item (检测项目) of each sample. */
export const ITEM_PRICED = new Set(["TST-FOOD-PEST", "TST-ENV-WATER", "TST-ENV-VOC"]);

export type SeedFairUse = {
  quotaPeriod: QuotaPeriod | null;
  quotaHours: number | null;
  quotaBookings: number | null;
  lateCancelHours: number;
  noShowGraceMin: number;
  noShowLimit: number;
  noShowWindowDays: number;
  suspensionDays: number;
};

/** Sample fair-use rules (示例) per facility, shown as such on resource pages. */
export const FAIR_USE: Record<FacilityCode, SeedFairUse> = {
  BATTERY: {
    quotaPeriod: "MONTH",
    quotaHours: 240,
    quotaBookings: null,
    lateCancelHours: 48,
    noShowGraceMin: 60,
    noShowLimit: 3,
    noShowWindowDays: 60,
    suspensionDays: 14,
  },
  FOOD: {
    quotaPeriod: "MONTH",
    quotaHours: 200,
    quotaBookings: null,
    lateCancelHours: 48,
    noShowGraceMin: 60,
    noShowLimit: 3,
    noShowWindowDays: 60,
    suspensionDays: 14,
  },
  INSTRUMENT: {
    quotaPeriod: "WEEK",
    quotaHours: 20,
    quotaBookings: null,
    lateCancelHours: 24,
    noShowGraceMin: 30,
    noShowLimit: 3,
    noShowWindowDays: 30,
    suspensionDays: 14,
  },
  TESTING: {
    quotaPeriod: "WEEK",
    quotaHours: null,
    quotaBookings: 10,
    lateCancelHours: 24,
    noShowGraceMin: 30,
    noShowLimit: 3,
    noShowWindowDays: 30,
    suspensionDays: 7,
  },
  PRINTING: {
    quotaPeriod: "MONTH",
    quotaHours: 160,
    quotaBookings: null,
    lateCancelHours: 48,
    noShowGraceMin: 60,
    noShowLimit: 3,
    noShowWindowDays: 60,
    suspensionDays: 14,
  },
};
