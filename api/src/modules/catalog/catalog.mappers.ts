import type { Range } from "../../domain/ranges.ts";
import type { ResourceRow } from "./catalog.repository.ts";

export const isoRange = (r: Range) => ({ start: new Date(r.start).toISOString(), end: new Date(r.end).toISOString() });

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
