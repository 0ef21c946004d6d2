import type { Range } from "../../domain/ranges.ts";
import type { ResourceRow } from "./catalog.repository.ts";

const DAY_MS = 86_400_000;
/** 0001-01-01 and 10000-01-01 in epoch ms: toISOString's four-digit years. */
const MIN_FAST = -62_135_596_800_000;
const MAX_FAST = 253_402_300_800_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()` without the Date: availability answers carry thousands of instants, and
 * formatting them through Date was a fifth of the server's CPU under load. The civil date comes from the day
 * number (H. Hinnant's days-from-civil inverse); outside years 0001–9999 (or not finite) it falls back to Date.
 */
export const isoInstant = (ms: number): string => {
  if (!Number.isInteger(ms) || ms < MIN_FAST || ms >= MAX_FAST) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const y = year < 1000 ? `000${year}`.slice(-4) : `${year}`;
  return `${y}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
};

/**
 * The same instants recur across a response and across requests (opening windows shared by a facility's
 * resources, a busy range's end as a free range's start, the same windows asked again): each is formatted
 * once and its string shared, which also spares the garbage collector. Bounded: cleared when full.
 */
const MEMO_SIZE = 50_000;
const memo = new Map<number, string>();
const isoMemoized = (ms: number) => {
  let iso = memo.get(ms);
  if (iso === undefined) {
    if (memo.size >= MEMO_SIZE) memo.clear();
    iso = isoInstant(ms);
    memo.set(ms, iso);
  }
  return iso;
};

export const isoRange = (r: Range) => ({ start: isoMemoized(r.start), end: isoMemoized(r.end) });

export const toResource = (r: ResourceRow) => {
  const { facility, certificationBody, createdAt, feedToken, holdMinutes, ...rest } = r;
  void createdAt;
  void feedToken;
  void holdMinutes;
  return {
    ...rest,
    facilityCode: facility.code,
    certificationBodyCode: certificationBody?.code ?? null,
    units: r.units.map(({ id, label, position, active }) => ({ id, label, position, active })),
    offers: r.offers.map(({ resourceId, active, ...offer }) => {
      void resourceId;
      void active;
      return offer;
    }),
  };
};

type BodyRow = {
  id: string;
  code: string;
  organizationId: string;
  cmaNumber: string | null;
  cnasNumber: string | null;
  domains: string[];
  scopeZh: string;
  scopeEn: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  address: string;
  isSample: boolean;
  organization: { nameZh: string; nameEn: string; uscc: string | null };
};

export const toCertificationBody = ({ organization, ...rest }: BodyRow) => ({
  ...rest,
  nameZh: organization.nameZh,
  nameEn: organization.nameEn,
  uscc: organization.uscc,
});
