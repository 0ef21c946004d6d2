import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./db-errors.ts";

const adapter = (cause: Record<string, unknown>, code = "P2010") =>
  Object.assign(new Error("Invalid invocation"), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["refused socket", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["pool timeout", new Error("timeout exceeded when trying to connect")],
    ["connection terminated", new Error("Connection terminated unexpectedly")],
    ["Prisma P1001", adapter({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 1 }, "P1001")],
    ["adapter ConnectionClosed", adapter({ kind: "ConnectionClosed" })],
    ["57P01 admin shutdown", adapter({ kind: "postgres", code: "57P01", originalCode: "57P01" })],
    ["57P03 starting up", adapter({ kind: "postgres", code: "57P03", originalCode: "57P03" })],
    ["08006 connection failure", Object.assign(new Error("x"), { code: "08006", severity: "FATAL" })],
    ["bare DriverAdapterError", Object.assign(new Error("x"), { cause: { originalCode: "57P01" } })],
    ["AggregateError of refusals", new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })])],
  ])("recognises %s", (_, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ["exclusion violation", adapter({ kind: "postgres", code: "23P01", originalCode: "23P01" }, "P2039")],
    ["unique violation", Object.assign(new Error("Unique constraint failed"), { code: "P2002" })],
    ["serialization failure", Object.assign(new Error("x"), { cause: { originalCode: "40001" } })],
    ["plain error", new Error("boom")],
    ["not an error", "ECONNREFUSED"],
  ])("leaves %s alone", (_, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});
