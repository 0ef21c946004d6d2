// The public catalog reads (catalog.routes.ts ROUTES_WITHOUT_ACTOR) look no session up: the answer is the same
// with a session cookie, an API token, a stale cookie or nothing, and no statement reads a session. Every other GET
// route still resolves its caller, and no route outside the list can be taken for one inside it.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, type TestWorld } from "../setup/fixtures.ts";
import { statementsOf } from "../setup/statements.ts";
import { ROUTES_WITHOUT_ACTOR } from "../../api/src/modules/catalog/catalog.routes.ts";
import { routeMatcher } from "../../api/src/modules/auth/auth.middleware.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let resource: Awaited<ReturnType<TestWorld["createResource"]>>;

beforeAll(async () => {
  world = await createWorld(db);
  resource = await world.createResource();
});
afterAll(() => db.$disconnect());

const concrete = (route: string) => {
  const from = new Date(futureDay(20));
  const to = new Date(from.getTime() + 7 * 86_400_000);
  const path = route
    .slice(route.indexOf(" ") + 1)
    .replace("/facilities/{code}", `/facilities/${world.facility.code}`)
    .replace("/resources/{code}", `/resources/${resource.code}`)
    .replace("/certification-bodies/{code}", "/certification-bodies/NO-SUCH-BODY");
  const query = path.endsWith("/availability")
    ? `?from=${from.toISOString()}&to=${to.toISOString()}`
    : path.endsWith("/search")
      ? "?q=%E8%AE%BE%E5%A4%87"
      : "";
  return `/api/v1${path}${query}`;
};

describe("public catalog reads", () => {
  it("answer the same to every caller and read no session", async () => {
    const session = await world.sessionHeaders(world.memberA.id);
    const token = await app.request("/api/v1/auth/tokens", {
      method: "POST",
      headers: session,
      body: JSON.stringify({ name: "public reads", scope: "READ_ONLY" }),
    });
    expect(token.status).toBe(201);
    const callers: Record<string, Record<string, string>> = {
      anonymous: {},
      session: { cookie: session.cookie },
      token: { authorization: `Bearer ${(await token.json()).token}` },
      "unknown cookie": { cookie: "zs_session=no-such-session" },
      "unknown token": { authorization: "Bearer zs_no-such-token" },
    };
    for (const route of ROUTES_WITHOUT_ACTOR) {
      const url = concrete(route);
      const answers: string[] = [];
      for (const [who, headers] of Object.entries(callers)) {
        const { result, texts } = await statementsOf(async () => {
          const response = await app.request(url, { headers });
          // A problem names its own request (requestId, instance): the rest must be the same.
          const { requestId: _id, instance: _instance, ...body } = await response.json();
          return `${response.status} ${JSON.stringify(body)}`;
        });
        expect(
          texts.filter((t) => /\bsession\b|api_token/.test(t)),
          `${route} as ${who}`,
        ).toEqual([]);
        answers.push(result);
      }
      expect(new Set(answers).size, route).toBe(1);
      expect(answers[0], route).toMatch(route.includes("certification-bodies/{code}") ? /^404 / : /^200 /);
    }
  });

  it("other GET routes still resolve the caller: an unknown token is refused there", async () => {
    const response = await app.request("/api/v1/bookings", { headers: { authorization: "Bearer zs_no-such-token" } });
    expect(response.status).toBe(401);
    // And on a public route the same token is simply not looked at.
    const open = await app.request(`/api/v1/resources/${resource.code}`, {
      headers: { authorization: "Bearer zs_no-such-token" },
    });
    expect(open.status).toBe(200);
  });

  it("covers no other route: each GET path one of its patterns matches is in the list", () => {
    const patterns = ROUTES_WITHOUT_ACTOR.map((route) => routeMatcher(route).pattern);
    const gets = app.openAPIRegistry.definitions.flatMap((d) =>
      d.type === "route" && d.route.method === "get" ? [d.route.path.replace(/^\/api\/v1/, "")] : [],
    );
    for (const route of ROUTES_WITHOUT_ACTOR) expect(gets, route).toContain(route.slice(4));
    for (const path of gets.filter((p) => patterns.some((pattern) => pattern.test(p)))) {
      expect(ROUTES_WITHOUT_ACTOR, path).toContain(`GET ${path}`);
    }
  });
});
