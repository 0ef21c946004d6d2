import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, type TestWorld } from "../setup/fixtures.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let member: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  world = await createWorld(db);
  member = await world.sessionHeaders(world.memberA.id);
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `管委会${world.tag}`, nameEn: `Authority ${world.tag}` },
  });
  const adminUser = await db.user.create({
    data: { email: `admin.${world.tag.toLowerCase()}@test.zhongshi.cn`, name: "admin", passwordHash: "x" },
  });
  await db.membership.create({ data: { userId: adminUser.id, organizationId: authority.id, role: "ADMIN" } });
  admin = await world.sessionHeaders(adminUser.id);
});
afterAll(() => db.$disconnect());

const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
  const response = await app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
};
const local = (date: string, time: string) => `${date}T${time}:00+08:00`;
const book = (resourceId: string, start: string, end: string) =>
  call("POST", "/api/v1/bookings", member, { resourceId, start, end, purpose: "日历测试" });

// The facility of the test world is open 00:00–24:00 every day of the week: only the calendar closes it.
const STATUTORY_2027 = [
  "2027-01-01",
  "2027-02-05",
  "2027-02-06",
  "2027-02-07",
  "2027-02-08",
  "2027-04-05",
  "2027-05-01",
  "2027-05-02",
  "2027-06-09",
  "2027-09-15",
  "2027-10-01",
  "2027-10-02",
  "2027-10-03",
];

describe("holiday calendar", () => {
  it("derives 2027's statutory holidays as provisional closures when no notice has been entered", async () => {
    const year = await call("GET", "/api/v1/calendar/2027", member);
    expect(year.status).toBe(200);
    const holidays = year.body.days.filter((d: { kind: string }) => d.kind === "HOLIDAY");
    expect(holidays.map((d: { date: string }) => d.date)).toEqual(expect.arrayContaining(STATUTORY_2027));
    expect(year.body.provisional).toBe(true);
    for (const d of holidays) expect(d).toMatchObject({ provisional: true, statutory: true });
  });

  it("never treats a statutory day of 2027 as an ordinary working day", async () => {
    const resource = await world.createResource({ horizonDays: 730, approval: "AUTO" });
    for (const date of STATUTORY_2027) {
      const refused = await book(resource.id, local(date, "10:00"), local(date, "11:00"));
      expect(refused.status, date).toBe(422);
      expect(refused.body.violations.map((v: { code: string }) => v.code)).toContain("OUTSIDE_OPENING_HOURS");
    }
    // The booking form's check says the same, and the day after 春节 is an ordinary day again.
    const check = await call("POST", "/api/v1/bookings/check", member, {
      resourceId: resource.id,
      start: local("2027-02-06", "10:00"),
      end: local("2027-02-06", "11:00"),
    });
    expect(check.body.ok).toBe(false);
    expect((await book(resource.id, local("2027-02-09", "10:00"), local("2027-02-09", "11:00"))).status).toBe(201);
    // Availability shows no free time on 元旦.
    const availability = await call(
      "GET",
      `/api/v1/resources/${resource.code}/availability?from=${encodeURIComponent(local("2027-01-01", "00:00"))}&to=${encodeURIComponent(local("2027-01-02", "00:00"))}`,
      member,
    );
    expect(availability.status).toBe(200);
    expect(availability.body.free ?? availability.body.resources?.[0]?.free).toEqual([]);
  });

  it("lets a continuous resource run across 春节", async () => {
    const cycler = await world.createResource({
      continuous: true,
      horizonDays: 730,
      maxDurationMin: 14 * 24 * 60,
      approval: "AUTO",
    });
    const run = await book(cycler.id, local("2027-02-03", "08:00"), local("2027-02-10", "08:00"));
    expect(run.status).toBe(201);
  });

  it("lets admins enter, import and remove official days, and refuses everyone else", async () => {
    const day = { kind: "HOLIDAY", nameZh: "春节", nameEn: "Spring Festival", source: "国办发明电〔2030〕1号（示例）" };
    expect((await call("PUT", "/api/v1/calendar/days/2031-01-27", member, day)).status).toBe(403);
    const saved = await call("PUT", "/api/v1/calendar/days/2031-01-27", admin, day);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ date: "2031-01-27", provisional: false, source: day.source });

    const csv = [
      "date,kind,name,source",
      "2031-01-01,HOLIDAY,元旦,测试通知",
      "2031-01-26,WORKDAY,春节调休,测试通知",
      "2031-01-27,HOLIDAY,春节,测试通知",
    ].join("\n");
    const imported = await call("POST", "/api/v1/calendar/2031/import", admin, { format: "csv", content: csv });
    expect(imported.status).toBe(200);
    expect(imported.body.provisional).toBe(false);
    const importedDates = imported.body.days.map((d: { date: string }) => d.date);
    expect(importedDates).toEqual(expect.arrayContaining(["2031-01-01", "2031-01-26", "2031-01-27"]));
    // The statutory days the notice left out are holidays by law all the same: added, official, with their source.
    const added = imported.body.days.find((d: { date: string }) => d.date === "2031-01-23");
    expect(added).toMatchObject({ kind: "HOLIDAY", provisional: false, nameZh: "春节" });
    expect(added.source).toMatch(/2024年修订/);
    expect(imported.body.days.find((d: { date: string }) => d.date === "2031-01-26").statutory).toBe(false);

    const bad = await call("POST", "/api/v1/calendar/2031/import", admin, {
      format: "csv",
      content: "date,kind,name,source\n2030-01-01,HOLIDAY,元旦,x",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("line 2");
    expect((await call("GET", "/api/v1/calendar/2031", member)).body.days).toHaveLength(importedDates.length);

    expect((await call("DELETE", "/api/v1/calendar/days/2031-01-26", admin)).status).toBe(204);
    expect((await call("DELETE", "/api/v1/calendar/days/2031-01-26", admin)).status).toBe(404);
  });

  it("never lets an admin turn a statutory holiday into a working day, one day or by import", async () => {
    const workday = { kind: "WORKDAY", nameZh: "调休上班", nameEn: "Make-up day", source: "测试" };
    const saved = await call("PUT", "/api/v1/calendar/days/2027-02-06", admin, workday);
    expect(saved.status).toBe(400);
    expect(saved.body.errors[0]).toMatchObject({ path: "kind" });
    expect(saved.body.detail).toMatch(/Spring Festival \(春节\), a statutory holiday/);
    const removed = await call("DELETE", "/api/v1/calendar/days/2027-10-01", admin);
    expect(removed.status).toBe(400);
    expect(removed.body.errors[0]).toMatchObject({ path: "date" });
    // A make-up day on an ordinary weekend is fine; on 清明 it is not, and the whole file is refused.
    const csv = (line: string) => ["date,kind,name,source", "2032-01-01,HOLIDAY,元旦,测试通知", line].join("\n");
    const refused = await call("POST", "/api/v1/calendar/2032/import", admin, {
      format: "csv",
      content: csv("2032-04-04,WORKDAY,调休,测试通知"),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: "2032-04-04" })]);
    const year = await call("GET", "/api/v1/calendar/2032", member);
    expect(year.body.provisional).toBe(true);
    // Earlier years follow their notices alone (the rules of 2025 did not apply before).
    expect((await call("PUT", "/api/v1/calendar/days/2024-05-02", admin, workday)).status).toBe(200);
    expect((await call("DELETE", "/api/v1/calendar/days/2024-05-02", admin)).status).toBe(204);
  });
});
