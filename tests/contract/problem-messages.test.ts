// The portal's message table against the API's error catalogue: every stable code the API can send has a
// Chinese and an English message, none empty, each in its own language; field errors carry the params their
// message names ("at most 200 characters"), through the API's real validation hook.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../../api/src/lib/app-error.ts";
import { body, router } from "../../api/src/lib/openapi.ts";
import { onError } from "../../api/src/lib/problem.ts";
import {
  FALLBACK_MESSAGE,
  FIELD_LABELS,
  FIELD_MESSAGES,
  fieldMessage,
  localProblem,
  PARAM_MESSAGES,
  PROBLEM_MESSAGES,
  problemMessage,
  shownProblem,
  type Bilingual,
} from "../../web/src/lib/problem-message.ts";
import { ZCreateBooking, type TFieldError } from "../../api/src/contract.ts";

const HAN = /\p{Script=Han}/u;

const expectBilingual = (name: string, message: Bilingual) => {
  expect(message.zh.trim(), `${name}: zh`).not.toBe("");
  expect(message.en.trim(), `${name}: en`).not.toBe("");
  expect(message.zh, `${name}: zh is Chinese`).toMatch(HAN);
  expect(message.en, `${name}: en has no Chinese`).not.toMatch(HAN);
};

describe("problem messages", () => {
  it("has a zh and an en message for every code of the catalogue, and for API_UNREACHABLE", () => {
    const codes = [...Object.keys(ERROR_STATUS), "API_UNREACHABLE"].sort();
    expect(Object.keys(PROBLEM_MESSAGES).sort()).toEqual(codes);
    for (const [code, message] of Object.entries(PROBLEM_MESSAGES)) expectBilingual(code, message);
  });

  it("has bilingual field messages, field labels, param sentences and a fallback", () => {
    for (const [key, message] of Object.entries({ ...FIELD_MESSAGES, ...PARAM_MESSAGES, fallback: FALLBACK_MESSAGE }))
      expectBilingual(key, message);
    for (const [key, message] of Object.entries(FIELD_LABELS)) expectBilingual(`label ${key}`, message);
  });

  it("renders from the code, never from the API's English detail", () => {
    const problem = shownProblem({ status: 409, code: "BOOKING_CONFLICT", detail: "Overlaps booking 4711." });
    expect(problemMessage(problem, "zh")).toBe(PROBLEM_MESSAGES.BOOKING_CONFLICT.zh);
    expect(problemMessage(problem, "en")).toBe(PROBLEM_MESSAGES.BOOKING_CONFLICT.en);
    expect(JSON.stringify(problem)).not.toContain("4711");
  });

  it("keeps no English text of a field error in what a page receives, and words the portal's own checks alike", () => {
    const problem = shownProblem({
      status: 400,
      code: "VALIDATION_FAILED",
      detail: "Request validation failed.",
      errors: [
        {
          path: "sampleName",
          code: "too_big",
          message: "Too big: expected string to have <=200 characters",
          params: { origin: "string", maximum: 200 },
        },
      ],
    });
    expect(JSON.stringify(problem)).not.toMatch(/Too big|validation failed/i);
    expect(fieldMessage(problem.errors![0]!, "zh")).toBe("最多 200 个字符");
    const local = localProblem({ path: "date", code: "invalid_format", params: { format: "date" } });
    expect(problemMessage(local, "en")).toBe(PROBLEM_MESSAGES.VALIDATION_FAILED.en);
    expect(fieldMessage(local.errors![0]!, "zh")).toBe("不是有效的日期");
  });

  it("words every line of a refused holiday-calendar import from its code and params", () => {
    const holiday = {
      path: "kind",
      code: "statutory_workday",
      message: "",
      params: { date: "2027-10-03", nameZh: "国庆节", nameEn: "National Day" },
    };
    expect(fieldMessage(holiday, "zh")).toBe("2027-10-03 是法定节假日（国庆节），不能设为工作日");
    expect(fieldMessage(holiday, "en")).toBe(
      "2027-10-03 is National Day, a statutory holiday: it cannot be a working day",
    );
    const line = {
      path: "line 3",
      code: "wrong_year",
      message: "",
      params: { date: "2026-05-01", year: 2027, line: 3 },
    };
    expect(fieldMessage(line, "zh")).toBe("2026-05-01 不在 2027 年内");
  });

  it("adds the sentence of a param the problem carries, and has a general message for an unknown code", () => {
    const limited = shownProblem({ status: 429, code: "RATE_LIMITED", retryAfterSeconds: 42 });
    expect(problemMessage(limited, "zh")).toBe("尝试次数过多，请稍后再试。请在 42 秒后重试。");
    expect(problemMessage(limited, "en")).toBe("Too many attempts. Please try again later. Try again in 42 seconds.");
    const unknown = shownProblem({ status: 418, code: "TEAPOT" });
    expect(problemMessage(unknown, "zh")).toBe(FALLBACK_MESSAGE.zh);
    expect(problemMessage(unknown, "en")).toBe(FALLBACK_MESSAGE.en);
  });
});

describe("field errors through the API's validation hook", () => {
  // A real schema of the contract (a booking request), behind the hook every route uses.
  const app = router();
  app.onError(onError);
  app.openapi(
    { method: "post", path: "/probe", request: body(ZCreateBooking), responses: { 204: { description: "ok" } } },
    (c) => c.body(null, 204),
  );

  const refuse = async (payload: Record<string, unknown>) => {
    const response = await app.request("/probe", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; errors: TFieldError[] };
    expect(problem.code).toBe("VALIDATION_FAILED");
    return (path: string) => {
      const error = problem.errors.find((e) => e.path === path);
      expect(error, `an error for ${path}`).toBeDefined();
      return { zh: fieldMessage(error!, "zh"), en: fieldMessage(error!, "en") };
    };
  };

  it("says how long a text may be, how big a number, and what format is wanted", async () => {
    const errorFor = await refuse({
      resourceId: "not-an-id",
      start: "tomorrow",
      end: "2026-12-01T10:00:00+08:00",
      purpose: "x".repeat(501),
      items: 5000,
    });
    expect(errorFor("purpose")).toEqual({ zh: "最多 500 个字符", en: "at most 500 characters" });
    expect(errorFor("items")).toEqual({ zh: "不能大于 1000", en: "at most 1000" });
    expect(errorFor("resourceId")).toEqual({ zh: "不是有效的编号", en: "is not a valid identifier" });
    expect(errorFor("start")).toEqual({ zh: "不是有效的日期和时间", en: "is not a valid date and time" });
  });

  it("says a required text is missing, and a number is too small", async () => {
    const errorFor = await refuse({
      resourceId: "00000000-0000-4000-8000-000000000000",
      start: "2026-12-01T09:00:00+08:00",
      end: "2026-12-01T10:00:00+08:00",
      purpose: "",
      samples: 0,
    });
    expect(errorFor("purpose")).toEqual({ zh: "必填", en: "required" });
    expect(errorFor("samples")).toEqual({ zh: "不能小于 1", en: "at least 1" });
  });
});

// A page shows a problem only through the message table: from its code, its params and its field errors' codes.
// This scan fails when portal code reads the API's English text (`detail`, a problem's `title`, a field error's or
// violation's `message`) or hands a raw API problem to a page instead of `shownProblem()` / `failWith()`.
describe("no page shows the API's own text", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const SKIPPED = /(^|\/)paraglide(\/|$)|^web\/src\/lib\/problem-message\.ts$/;
  const LEAKS: [string, RegExp][] = [
    ["reads a problem's detail", /\.\s*detail\b/],
    ["passes a detail on", /\bdetail\s*:/],
    ["reads a problem's title", /problem\w*\??\.title\b/i],
    [
      "reads a field error's or violation's message",
      /\b(e|error|err|issue|v|violation)\??\.message\b|\berrors\b[^\n]*\.message\b/,
    ],
    [
      "hands a raw API problem to the page",
      /problem\s*:\s*(?!shownProblem\b|localProblem\b)[\w$]+(\?\.|\.)problem\b(?!\.code)/,
    ],
  ];
  const withoutComments = (text: string) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const leaksIn = (file: string, text: string) =>
    withoutComments(text)
      .split("\n")
      .flatMap((line, index) =>
        LEAKS.filter(([, pattern]) => pattern.test(line)).map(
          ([what]) => `${file}:${index + 1} ${what}: ${line.trim()}`,
        ),
      );
  const sourceFiles = (dir: string): string[] =>
    readdirSync(path.join(root, dir)).flatMap((name) => {
      const rel = `${dir}/${name}`;
      if (SKIPPED.test(rel)) return [];
      if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
      return /\.(ts|svelte)$/.test(rel) ? [rel] : [];
    });

  it("recognises each way the API's text used to reach a page", () => {
    const old = [
      "problem: result.problem.detail ?? result.problem.code,",
      "<p>{form.problem.detail ?? form.problem.title}</p>",
      "errors: Object.fromEntries((problem.errors ?? []).map((e) => [e.path, e.message])),",
      "return fail(created.status, { values, problem: created.problem });",
      "return fail(result.status, { action, code: result.problem.code, detail: result.problem.detail });",
    ];
    for (const line of old) expect(leaksIn("example.ts", line), line).not.toEqual([]);
    expect(leaksIn("example.ts", "return fail(result.status, { problem: shownProblem(result.problem) });")).toEqual([]);
  });

  it("finds none in the portal's source", () => {
    const files = sourceFiles("web/src");
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => leaksIn(file, readFileSync(path.join(root, file), "utf8")))).toEqual([]);
  });
});
