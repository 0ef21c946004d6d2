import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testApp, ORIGIN, testUscc } from "../setup/fixtures.ts";
import { hashPassword } from "../../api/src/lib/password.ts";
import {
  purgeExpiredAuth,
  RATE_LIMITS,
  SESSION_DAYS,
  SESSION_IDLE_HOURS,
} from "../../api/src/modules/auth/auth.service.ts";

// Sign-in that resists both guessing and lock-out, sessions that end, and sign-up limited per address.
const { db, app } = testApp(inject("databaseUrl"));
const PASSWORD = "correct horse battery";
let email: string;
let userId: string;

const signIn = (from: string, password: string, cookie?: string, who = email) =>
  app.request("/api/v1/auth/sign-in", {
    method: "POST",
    headers: {
      origin: ORIGIN,
      "content-type": "application/json",
      "x-forwarded-for": from,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify({ email: who, password }),
  });
const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0]!;
const me = (cookie: string) => app.request("/api/v1/auth/me", { headers: { cookie } });
const address = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

beforeAll(async () => {
  email = `signin.${randomUUID().slice(0, 8)}@test.zhongshi.cn`;
  const user = await db.user.create({ data: { email, name: "owner", passwordHash: await hashPassword(PASSWORD) } });
  userId = user.id;
});
afterAll(() => db.$disconnect());

describe("guessing is bounded, lock-out is not possible", () => {
  it("failures from other addresses do not stop the owner from signing in from theirs", async () => {
    for (let i = 0; i < 2; i++) {
      const attacker = `198.51.100.${i + 1}`;
      for (let n = 0; n < RATE_LIMITS.signInAccountAddress.attempts; n++) {
        expect((await signIn(attacker, "wrong guess")).status).toBe(401);
      }
      expect((await signIn(attacker, "wrong guess")).status).toBe(429);
      // The attacker's address is now blocked for this account even with the right password.
      expect((await signIn(attacker, PASSWORD)).status).toBe(429);
    }
    expect((await signIn("192.0.2.10", PASSWORD)).status).toBe(200);
  });

  it("one address is bounded across accounts", async () => {
    const attacker = "198.51.100.77";
    let limited = false;
    for (let n = 0; n <= RATE_LIMITS.signInAddress.attempts; n++) {
      const response = await signIn(attacker, "x", undefined, `nobody${n}@test.zhongshi.cn`);
      if (response.status === 429) {
        limited = true;
        expect((await response.json()).code).toBe("RATE_LIMITED");
        break;
      }
    }
    expect(limited).toBe(true);
  });

  it("an unknown e-mail costs the same password hashing as a known one", async () => {
    const time = async (who: string) => {
      const started = performance.now();
      const response = await signIn(address(), "wrong password", undefined, who);
      expect(response.status).toBe(401);
      return performance.now() - started;
    };
    await time(email); // warm-up, also builds the dummy hash
    await time("warm@test.zhongshi.cn");
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(email));
      unknown.push(await time(`nobody-${i}@test.zhongshi.cn`));
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[2]!;
    // scrypt dominates both; without the dummy hash the unknown e-mail answers in a few milliseconds.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });
});

describe("sessions", () => {
  it("sign-in rotates the session: the cookie sent along is ended", async () => {
    const first = cookieOf(await signIn(address(), PASSWORD));
    expect((await me(first)).status).toBe(200);
    const second = cookieOf(await signIn(address(), PASSWORD, first));
    expect(second).not.toBe(first);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);
  });

  it("ends after the idle timeout even before the absolute expiry", async () => {
    const cookie = cookieOf(await signIn(address(), PASSWORD));
    await db.session.updateMany({
      where: { userId, lastSeenAt: { gt: new Date(Date.now() - 60_000) } },
      data: { lastSeenAt: new Date(Date.now() - (SESSION_IDLE_HOURS * 3600 + 60) * 1000) },
    });
    expect((await me(cookie)).status).toBe(401);
  });

  it("ends at the absolute expiry however busy", async () => {
    const cookie = cookieOf(await signIn(address(), PASSWORD));
    await db.session.updateMany({
      where: { userId, lastSeenAt: { gt: new Date(Date.now() - 60_000) } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await me(cookie)).status).toBe(401);
    expect(SESSION_DAYS).toBeLessThanOrEqual(30);
  });

  it("sign out everywhere ends every session of the user", async () => {
    const cookies = [
      cookieOf(await signIn(address(), PASSWORD)),
      cookieOf(await signIn(address(), PASSWORD)),
      cookieOf(await signIn(address(), PASSWORD)),
    ];
    const response = await app.request("/api/v1/auth/sign-out-everywhere", {
      method: "POST",
      headers: { cookie: cookies[0]!, origin: ORIGIN },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).ended).toBeGreaterThanOrEqual(3);
    for (const cookie of cookies) expect((await me(cookie)).status).toBe(401);
    expect(await db.auditEvent.count({ where: { subjectId: userId, action: "user.signed_out_everywhere" } })).toBe(1);
  });

  it("the purge job removes expired and idle sessions and old rate-limit rows", async () => {
    const user = await db.user.create({
      data: { email: `purge.${randomUUID().slice(0, 8)}@test.zhongshi.cn`, name: "p", passwordHash: "x" },
    });
    await db.session.createMany({
      data: [
        { id: `expired-${randomUUID()}`, userId: user.id, expiresAt: new Date(Date.now() - 1000) },
        {
          id: `idle-${randomUUID()}`,
          userId: user.id,
          expiresAt: new Date(Date.now() + 86_400_000),
          lastSeenAt: new Date(Date.now() - 2 * SESSION_IDLE_HOURS * 3_600_000),
        },
        { id: `live-${randomUUID()}`, userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) },
      ],
    });
    const oldKey = `test:old:${randomUUID()}`;
    await db.rateLimit.create({ data: { key: oldKey, windowStart: new Date(Date.now() - 3 * 86_400_000), count: 3 } });
    await purgeExpiredAuth(db);
    expect((await db.session.findMany({ where: { userId: user.id } })).map((s) => s.id.split("-")[0])).toEqual([
      "live",
    ]);
    expect(await db.rateLimit.count({ where: { key: oldKey } })).toBe(0);
  });
});

describe("sign-up", () => {
  it("is rate-limited per client address", async () => {
    const from = "198.51.100.150";
    const statuses: number[] = [];
    for (let n = 0; n <= RATE_LIMITS.signUpAddress.attempts; n++) {
      const response = await app.request("/api/v1/auth/sign-up", {
        method: "POST",
        headers: { origin: ORIGIN, "content-type": "application/json", "x-forwarded-for": from },
        body: JSON.stringify({
          email: `signup.${randomUUID().slice(0, 8)}@test.zhongshi.cn`,
          password: "long enough password",
          name: "n",
          organization: { nameZh: `企业${randomUUID().slice(0, 6)}`, uscc: testUscc() },
        }),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, RATE_LIMITS.signUpAddress.attempts).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
