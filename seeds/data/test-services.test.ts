import { describe, expect, it } from "vitest";
import { certificationBodies } from "./certification-bodies.ts";
import { accreditationScopes, testServices } from "./test-services.ts";

const covers = (bodyCode: string, item: { standardNumber: string; itemZh: string }) =>
  accreditationScopes.some(
    (s) => s.certificationBodyCode === bodyCode && s.standardNumber === item.standardNumber && s.itemZh === item.itemZh,
  );

describe("sample accreditation scopes and test services", () => {
  it("gives every one of the 58 bodies scope lines, all labelled sample", () => {
    for (const body of certificationBodies) {
      expect(accreditationScopes.filter((s) => s.certificationBodyCode === body.code).length).toBeGreaterThan(0);
    }
    expect(accreditationScopes.every((s) => s.isSample && s.limits.startsWith("（示例）"))).toBe(true);
    expect(testServices.every((s) => s.isSample && s.descriptionZh.startsWith("（示例）"))).toBe(true);
  });

  it("claims CMA or CNAS on a line only when the body holds that accreditation", () => {
    const byCode = new Map(certificationBodies.map((b) => [b.code, b]));
    for (const s of accreditationScopes) {
      const body = byCode.get(s.certificationBodyCode)!;
      expect(s.cma).toBe(body.cmaNumber !== null);
      expect(s.cnas).toBe(body.cnasNumber !== null);
    }
  });

  it("has the searches of the issue covered: GB 38031, heavy metals, EMC, shelf life, GB 4806.7-2016", () => {
    const text = (s: (typeof accreditationScopes)[number]) => `${s.standardNumber} ${s.itemZh} ${s.itemEn}`;
    for (const needle of ["GB 38031", "重金属", "EMC", "保质期", "GB 4806.7-2016"]) {
      expect(
        accreditationScopes.some((s) => text(s).includes(needle)),
        needle,
      ).toBe(true);
    }
  });

  it("has every service item covered by at least one performing body, and some bodies covering only part", () => {
    let partial = 0;
    for (const service of testServices.filter((s) => s.certificationBodyCodes.length > 0)) {
      expect(new Set(service.certificationBodyCodes).size).toBe(service.certificationBodyCodes.length);
      for (const item of service.items) {
        expect(
          service.certificationBodyCodes.some((code) => covers(code, item)),
          `${service.code} ${item.itemZh}`,
        ).toBe(true);
        partial += service.certificationBodyCodes.filter((code) => !covers(code, item)).length;
      }
    }
    expect(partial).toBeGreaterThan(0);
  });

  it("uses unique service codes and positive prices and turnarounds", () => {
    expect(new Set(testServices.map((s) => s.code)).size).toBe(testServices.length);
    for (const s of testServices) {
      expect(Number.isInteger(s.priceInternalFen) && s.priceInternalFen > 0).toBe(true);
      expect(s.priceExternalFen).toBeGreaterThanOrEqual(s.priceInternalFen);
      expect(s.turnaroundDays).toBeGreaterThan(0);
    }
  });
});
