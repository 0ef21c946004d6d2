import { randomUUID } from "node:crypto";
import { createApp } from "../../api/src/app.ts";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import { loadActor } from "../../api/src/modules/auth/auth.service.ts";
import { createSession } from "../../api/src/modules/auth/auth.service.ts";
import { usccCheckCharacter } from "../../api/src/domain/uscc.ts";
import { statutoryHolidays } from "../../api/src/domain/statutory-holidays.ts";

export const ORIGIN = "http://portal.test";

export const testApp = (databaseUrl: string) => {
  const db = createDb(databaseUrl, { max: 20 });
  const app = createApp({ db, config: { allowedOrigins: [ORIGIN], secureCookies: false, noShowGraceMin: 30 } });
  return { db, app };
};

let usccCounter = 0;
/** A valid, unique unified social credit code for test organizations. */
export const testUscc = () => {
  const body =
    `91520115${String(Date.now() % 1e6).padStart(6, "0")}${String(usccCounter++ % 1000).padStart(3, "0")}`.slice(0, 17);
  return body + usccCheckCharacter(body)!;
};

export type TestWorld = Awaited<ReturnType<typeof createWorld>>;

/**
 * An isolated corner of the database: a facility open around the clock, two SMEs with a member each, a
 * manager of the facility, and helpers to make resources and sessions.
 */
export const createWorld = async (db: Db) => {
  const tag = randomUUID().slice(0, 8).toUpperCase();
  const facility = await db.facility.create({
    data: {
      code: `T-${tag}`,
      kind: "CENTER",
      nameZh: `测试中心 ${tag}`,
      nameEn: `Test center ${tag}`,
      summaryZh: "测试",
      summaryEn: "test",
    },
  });
  await db.openingHours.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ facilityId: facility.id, weekday, opensMin: 0, closesMin: 1440 })),
  });
  const makeOrg = (name: string) =>
    db.organization.create({
      data: { kind: "SME", nameZh: `${name}${tag}`, nameEn: `${name} ${tag}`, uscc: testUscc() },
    });
  const makeUser = (email: string) =>
    db.user.create({
      data: { email: `${email}.${tag.toLowerCase()}@test.zhongshi.cn`, name: email, passwordHash: "x" },
    });
  const [orgA, orgB] = [await makeOrg("企业甲"), await makeOrg("企业乙")];
  const [memberA, memberB, manager, otherManager] = [
    await makeUser("member-a"),
    await makeUser("member-b"),
    await makeUser("manager"),
    await makeUser("other-manager"),
  ];
  await db.membership.createMany({
    data: [
      { userId: memberA.id, organizationId: orgA.id, role: "MEMBER" },
      { userId: memberB.id, organizationId: orgB.id, role: "MEMBER" },
    ],
  });
  await db.facilityManager.create({ data: { facilityId: facility.id, userId: manager.id } });
  let resourceCounter = 0;
  const createResource = async (
    options: {
      units?: number;
      approval?: "AUTO" | "MANAGER";
      bufferBeforeMin?: number;
      bufferAfterMin?: number;
      granularityMin?: number;
      minDurationMin?: number;
      maxDurationMin?: number;
      minNoticeMin?: number;
      horizonDays?: number;
      kind?: "INSTRUMENT" | "PILOT_LINE";
      continuous?: boolean;
      technique?: string | null;
      requiresQualification?: boolean;
    } = {},
  ) => {
    const { units = 1, ...policy } = options;
    const code = `T-${tag}-R${++resourceCounter}`;
    return db.resource.create({
      data: {
        facilityId: facility.id,
        code,
        kind: policy.kind ?? "INSTRUMENT",
        mode: "SELF_OPERATED",
        nameZh: `测试设备 ${code}`,
        nameEn: `Test instrument ${code}`,
        descriptionZh: "测试",
        descriptionEn: "test",
        priceInternalFen: 10000,
        priceExternalFen: 20000,
        granularityMin: policy.granularityMin ?? 30,
        minDurationMin: policy.minDurationMin ?? 30,
        maxDurationMin: policy.maxDurationMin ?? 24 * 60,
        minNoticeMin: policy.minNoticeMin ?? 0,
        horizonDays: policy.horizonDays ?? 400,
        bufferBeforeMin: policy.bufferBeforeMin ?? 0,
        bufferAfterMin: policy.bufferAfterMin ?? 0,
        approval: policy.approval ?? "MANAGER",
        continuous: policy.continuous ?? false,
        technique: policy.technique ?? null,
        requiresQualification: policy.requiresQualification ?? false,
        units: { create: Array.from({ length: units }, (_, i) => ({ label: `${code}-${i + 1}`, position: i + 1 })) },
      },
      include: { units: { orderBy: { position: "asc" } } },
    });
  };
  const actorOf = async (userId: string) => (await loadActor(db, userId, "session"))!;
  /** Headers of a signed-in browser session on the portal's origin. */
  const sessionHeaders = async (userId: string) => {
    const { secret } = await createSession(db, userId);
    return { cookie: `zs_session=${secret}`, origin: ORIGIN, "content-type": "application/json" };
  };
  return {
    tag,
    facility,
    orgA,
    orgB,
    memberA,
    memberB,
    manager,
    otherManager,
    createResource,
    actorOf,
    sessionHeaders,
  };
};

/**
 * A day well ahead at 00:00 Asia/Shanghai, so notice and horizon rules never interfere. Statutory holidays
 * close even the test facility (open around the clock otherwise), so days are counted over ordinary days
 * only: futureDay(n) is the n-th non-holiday day from today, distinct for every n.
 */
export const futureDay = (daysAhead = 30) => {
  const holidays = new Map<number, Set<string>>();
  const isHoliday = (local: string) => {
    const year = Number(local.slice(0, 4));
    if (!holidays.has(year)) holidays.set(year, new Set(statutoryHolidays(year).map((h) => h.date)));
    return holidays.get(year)!.has(local);
  };
  const localOf = (ahead: number) =>
    new Date(Date.now() + ahead * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  let ahead = 0;
  for (let counted = 0; counted < daysAhead || isHoliday(localOf(ahead));) {
    ahead++;
    if (!isHoliday(localOf(ahead))) counted++;
  }
  return new Date(`${localOf(ahead)}T00:00:00+08:00`).getTime();
};
export const at = (day: number, hour: number, minute = 0) => new Date(day + (hour * 60 + minute) * 60_000);
