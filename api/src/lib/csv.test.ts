import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv.ts";

describe("csv writer", () => {
  it.each(['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])("neutralises %j", (value) => {
    expect(csvCell(value).replace(/^"/, "").startsWith("'")).toBe(true);
  });

  it("keeps numbers, plain text and empty cells as they are, and quotes what CSV needs", () => {
    expect(csvCell(-12.5)).toBe("-12.5");
    expect(csvCell("电池 a")).toBe("电池 a");
    expect(csvCell(null)).toBe("");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=a,b")).toBe(`"'=a,b"`);
  });

  it("writes a BOM, a header and CRLF lines", () => {
    expect(toCsv(["a", "b"], [["1", 2]])).toBe("\uFEFFa,b\r\n1,2\r\n");
  });
});
