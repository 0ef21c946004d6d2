import { describe, expect, it } from "vitest";
import {
  calendarDays,
  certificationBodies,
  demoAccounts,
  demoOrganizations,
  facilities,
  resources,
  type CertificationDomain,
} from "./index.ts";

// Written independently of the generator in uscc.ts and of api/src/domain/uscc.ts on purpose.
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const passesGb32100 = (code: string): boolean => {
  if (!/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(code)) return false;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + CHARSET.indexOf(code[i]!) * weight, 0);
  return CHARSET[(31 - (sum % 31)) % 31] === code[17];
};

const ALL_DOMAINS: CertificationDomain[] = [
  "machinery",
  "environmental",
  "food",
  "electrical",
  "materials",
  "chemical",
  "construction",
  "medical",
  "automotive",
  "energy",
  "electronics",
  "textile",
];

/** Resources DOMAIN.md names as real; every other one must be flagged as sample data. */
const REAL_RESOURCE_CODES = new Set(["BAT-SEP-PI-01"]);

const unique = <T>(values: T[]) => new Set(values).size === values.length;

describe("certification bodies", () => {
  it("are exactly the 58 of DOMAIN.md, all sample data", () => {
    expect(certificationBodies).toHaveLength(58);
    expect(certificationBodies.map((b) => b.code)).toEqual(
      Array.from({ length: 58 }, (_, i) => `CB-${String(i + 1).padStart(3, "0")}`),
    );
    for (const body of certificationBodies) {
      expect(body.isSample).toBe(true);
      expect(body.nameZh).toContain("（示例）");
      expect(body.nameEn).toContain("(Sample)");
      expect(body.contactEmail).toMatch(/@example\.cn$/);
      expect(body.contactPhone).toMatch(/^0851-8\d{7}$/);
    }
  });

  it("have unique codes, names and USCCs", () => {
    expect(unique(certificationBodies.map((b) => b.code))).toBe(true);
    expect(unique(certificationBodies.map((b) => b.nameZh))).toBe(true);
    expect(unique(certificationBodies.map((b) => b.nameEn))).toBe(true);
    expect(unique(certificationBodies.map((b) => b.uscc))).toBe(true);
  });

  it("carry USCCs that pass the GB 32100-2015 check, registered in Guiyang", () => {
    for (const { uscc } of certificationBodies) {
      expect(passesGb32100(uscc), uscc).toBe(true);
      expect(uscc).toMatch(/^91(520115|520100)/);
    }
  });

  it("cover every domain with one to four domains each", () => {
    for (const body of certificationBodies) {
      expect(body.domains.length).toBeGreaterThanOrEqual(1);
      expect(body.domains.length).toBeLessThanOrEqual(4);
      expect(unique(body.domains)).toBe(true);
      for (const domain of body.domains) expect(ALL_DOMAINS).toContain(domain);
    }
    expect(new Set(certificationBodies.flatMap((b) => b.domains))).toEqual(new Set(ALL_DOMAINS));
  });

  it("leave CMA or CNAS numbers out for only some bodies", () => {
    const withoutCma = certificationBodies.filter((b) => b.cmaNumber === null).length;
    const withoutCnas = certificationBodies.filter((b) => b.cnasNumber === null).length;
    expect(withoutCma).toBeGreaterThan(0);
    expect(withoutCma).toBeLessThan(10);
    expect(withoutCnas).toBeGreaterThan(0);
    expect(withoutCnas).toBeLessThan(58 / 2);
    for (const b of certificationBodies) {
      if (b.cmaNumber !== null) expect(b.cmaNumber).toMatch(/^\d{12}$/);
      if (b.cnasNumber !== null) expect(b.cnasNumber).toMatch(/^CNAS L\d{4,5}$/);
    }
  });
});

describe("facilities", () => {
  it("are the five of DOMAIN.md with their named operators", () => {
    expect(facilities.map((f) => f.code)).toEqual(["BATTERY", "FOOD", "INSTRUMENT", "TESTING", "PRINTING"]);
    const operatorNames = facilities.flatMap((f) => f.operators.map((o) => o.nameZh));
    expect(operatorNames.sort()).toEqual(
      [
        "振华新材",
        "贵州绿色产业技术研究院",
        "智慧电力",
        "贵州省天然产物研究中心",
        "贵州省轻工工业科学研究所",
        "众仪云",
        "森远增材",
        "众信信赢",
      ].sort(),
    );
    expect(facilities.find((f) => f.code === "TESTING")!.operators).toEqual([]);
    expect(unique(facilities.flatMap((f) => f.operators.map((o) => o.key)))).toBe(true);
  });

  it("have sane weekly opening hours", () => {
    for (const facility of facilities) {
      expect(facility.openingHours.length).toBeGreaterThan(0);
      for (const h of [...facility.openingHours, ...resources.flatMap((r) => r.openingHours ?? [])]) {
        expect(h.weekday).toBeGreaterThanOrEqual(1);
        expect(h.weekday).toBeLessThanOrEqual(7);
        expect(h.opensMin).toBeGreaterThanOrEqual(0);
        expect(h.closesMin).toBeGreaterThan(h.opensMin);
        expect(h.closesMin).toBeLessThanOrEqual(1440);
      }
    }
  });
});

describe("resources", () => {
  it("are at least 40, with at least 5 per facility", () => {
    expect(resources.length).toBeGreaterThanOrEqual(40);
    for (const facility of facilities) {
      expect(resources.filter((r) => r.facilityCode === facility.code).length, facility.code).toBeGreaterThanOrEqual(5);
    }
  });

  it("have unique codes and reference existing facilities and operators", () => {
    expect(unique(resources.map((r) => r.code))).toBe(true);
    const facilityCodes = new Set(facilities.map((f) => f.code));
    for (const r of resources) {
      expect(facilityCodes.has(r.facilityCode)).toBe(true);
      if (r.operatorKey) {
        const facility = facilities.find((f) => f.code === r.facilityCode)!;
        expect(facility.operators.map((o) => o.key)).toContain(r.operatorKey);
      }
    }
  });

  it("name an existing certification body for every test service, and only there", () => {
    const bodyCodes = new Set(certificationBodies.map((b) => b.code));
    for (const r of resources) {
      if (r.kind === "TEST_SERVICE") {
        expect(r.certificationBodyCode && bodyCodes.has(r.certificationBodyCode), r.code).toBe(true);
        expect(r.facilityCode).toBe("TESTING");
        expect(r.mode).toBe("SAMPLE_SUBMISSION");
        expect(r.priceUnit).toBe("SAMPLE");
      } else {
        expect(r.certificationBodyCode, r.code).toBeUndefined();
      }
    }
  });

  it("keep booking policies consistent", () => {
    for (const r of resources) {
      const label = r.code;
      expect(Number.isInteger(r.granularityMin) && r.granularityMin > 0, label).toBe(true);
      expect(r.minDurationMin, label).toBeGreaterThan(0);
      expect(r.maxDurationMin, label).toBeGreaterThanOrEqual(r.minDurationMin);
      expect(r.minDurationMin % r.granularityMin, label).toBe(0);
      expect(r.maxDurationMin % r.granularityMin, label).toBe(0);
      // Granularity counts from local midnight, so it must divide a day.
      expect(1440 % r.granularityMin, label).toBe(0);
      expect(r.maxDurationMin, label).toBeLessThan(r.horizonDays * 1440);
      for (const n of [r.minNoticeMin, r.bufferBeforeMin, r.bufferAfterMin, r.horizonDays, r.annualQuotaHours]) {
        expect(Number.isInteger(n) && n >= 0, label).toBe(true);
      }
      for (const fen of [r.priceInternalFen, r.priceExternalFen]) {
        expect(Number.isInteger(fen) && fen >= 0, label).toBe(true);
      }
      expect(r.priceExternalFen, label).toBeGreaterThan(r.priceInternalFen);
      expect(Number.isInteger(r.units) && r.units >= 1 && r.units <= 4, label).toBe(true);
      expect(Object.keys(r.specs.zh).length, label).toBe(Object.keys(r.specs.en).length);
    }
  });

  it("give pilot lines long runs with changeover buffers, and instruments short slots", () => {
    for (const r of resources.filter((r) => r.kind === "PILOT_LINE")) {
      expect(r.maxDurationMin, r.code).toBeGreaterThanOrEqual(8 * 60);
      expect(r.bufferBeforeMin + r.bufferAfterMin, r.code).toBeGreaterThanOrEqual(30);
    }
    for (const r of resources.filter((r) => r.facilityCode === "INSTRUMENT")) {
      expect(r.granularityMin, r.code).toBe(30);
      expect(r.bufferBeforeMin + r.bufferAfterMin, r.code).toBeLessThanOrEqual(30);
    }
    expect(resources.some((r) => r.maxDurationMin > 24 * 60)).toBe(true);
    expect(resources.filter((r) => r.approval === "AUTO").length).toBeGreaterThanOrEqual(3);
    expect(resources.some((r) => r.units > 1)).toBe(true);
  });

  it("flag everything DOMAIN.md does not name as sample data", () => {
    for (const r of resources) {
      if (REAL_RESOURCE_CODES.has(r.code)) {
        expect(r.isSample, r.code).toBe(false);
        continue;
      }
      expect(r.isSample, r.code).toBe(true);
      expect(r.descriptionZh.startsWith("（示例）"), r.code).toBe(true);
      expect(r.descriptionEn.startsWith("(Sample) "), r.code).toBe(true);
    }
    const separator = resources.find((r) => r.code === "BAT-SEP-PI-01")!;
    expect(separator.nameZh).toBe("聚酰亚胺电池隔膜中试产线");
    expect(separator.operatorKey).toBe("zhihui-power");
  });
});

describe("holiday calendar", () => {
  const kindOn = (date: string) => calendarDays.find((d) => d.date === date)?.kind;
  const range = (from: string, to: string) => {
    const days: string[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      days.push(new Date(t).toISOString().slice(0, 10));
    }
    return days;
  };
  const expectPeriod = (from: string, to: string, makeUp: string[]) => {
    for (const date of range(from, to)) expect(kindOn(date), date).toBe("HOLIDAY");
    for (const date of makeUp) expect(kindOn(date), date).toBe("WORKDAY");
  };

  it("covers 2025 and 2026 only, one entry per date, each with a source", () => {
    expect(new Set(calendarDays.map((d) => d.date.slice(0, 4)))).toEqual(new Set(["2025", "2026"]));
    expect(unique(calendarDays.map((d) => d.date))).toBe(true);
    for (const d of calendarDays) {
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(d.source).toMatch(/chinese-days@\d+\.\d+\.\d+/);
      expect(d.source).toContain(`${d.date.slice(0, 4)}年部分节假日安排的通知`);
      expect(d.nameZh).not.toBe("");
      expect(d.nameEn).not.toBe("");
    }
  });

  it("follows 国办发明电〔2024〕12号 for 2025", () => {
    expectPeriod("2025-01-01", "2025-01-01", []);
    expectPeriod("2025-01-28", "2025-02-04", ["2025-01-26", "2025-02-08"]);
    expectPeriod("2025-04-04", "2025-04-06", []);
    expectPeriod("2025-05-01", "2025-05-05", ["2025-04-27"]);
    expectPeriod("2025-05-31", "2025-06-02", []);
    expectPeriod("2025-10-01", "2025-10-08", ["2025-09-28", "2025-10-11"]);
    expect(calendarDays.filter((d) => d.date.startsWith("2025") && d.kind === "HOLIDAY")).toHaveLength(28);
    expect(calendarDays.filter((d) => d.date.startsWith("2025") && d.kind === "WORKDAY")).toHaveLength(5);
  });

  it("follows the State Council notice of 2025-11-04 for 2026", () => {
    expectPeriod("2026-01-01", "2026-01-03", ["2026-01-04"]);
    expectPeriod("2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"]);
    expectPeriod("2026-04-04", "2026-04-06", []);
    expectPeriod("2026-05-01", "2026-05-05", ["2026-05-09"]);
    expectPeriod("2026-06-19", "2026-06-21", []);
    expectPeriod("2026-09-25", "2026-09-27", []);
    expectPeriod("2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"]);
    expect(calendarDays.filter((d) => d.date.startsWith("2026") && d.kind === "HOLIDAY")).toHaveLength(33);
    expect(calendarDays.filter((d) => d.date.startsWith("2026") && d.kind === "WORKDAY")).toHaveLength(6);
  });

  it("puts make-up working days on weekends only", () => {
    for (const d of calendarDays.filter((d) => d.kind === "WORKDAY")) {
      expect([0, 6], d.date).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
    }
  });
});

describe("demo accounts", () => {
  it("carry no password and belong to known organisations", () => {
    const orgKeys = new Set(demoOrganizations.map((o) => o.key));
    expect(unique(demoAccounts.map((a) => a.email))).toBe(true);
    for (const account of demoAccounts) {
      expect(account).not.toHaveProperty("password");
      expect(orgKeys.has(account.organizationKey), account.email).toBe(true);
    }
  });

  it("give every facility a manager and have one admin in the authority", () => {
    for (const facility of facilities) {
      const managers = demoAccounts.filter(
        (a) => a.role === "MANAGER" && a.managesFacilityCodes?.includes(facility.code),
      );
      expect(managers.length, facility.code).toBe(1);
    }
    const admin = demoAccounts.find((a) => a.email === "admin@demo.zhongshi.cn")!;
    expect(admin.role).toBe("ADMIN");
    expect(demoOrganizations.find((o) => o.key === admin.organizationKey)!.kind).toBe("AUTHORITY");
    expect(demoAccounts.find((a) => a.email === "sme@demo.zhongshi.cn")!.organizationKey).toBe("sme-battery");
    expect(demoAccounts.find((a) => a.email === "sme2@demo.zhongshi.cn")!.organizationKey).toBe("sme-food");
  });

  it("give the sample SMEs valid USCCs and no USCC to the bureau", () => {
    for (const org of demoOrganizations) {
      if (org.kind === "SME") {
        expect(org.isSample).toBe(true);
        expect(passesGb32100(org.uscc!), org.key).toBe(true);
      }
    }
    expect(demoOrganizations.find((o) => o.kind === "AUTHORITY")).toMatchObject({
      nameZh: "贵阳国家高新区科技创新局",
      uscc: null,
    });
    const allUsccs = [
      ...certificationBodies.map((b) => b.uscc),
      ...demoOrganizations.flatMap((o) => (o.uscc ? [o.uscc] : [])),
    ];
    expect(unique(allUsccs)).toBe(true);
  });
});
