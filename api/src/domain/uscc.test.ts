import { describe, expect, it } from "vitest";
import { isValidUscc, usccCheckCharacter } from "./uscc.ts";

// Check characters of these examples were computed with the GB 32100-2015 algorithm.
const valid = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"];

describe("usccCheckCharacter", () => {
  it("computes the check character", () => {
    expect(usccCheckCharacter("91350100M000100Y4")).toBe("3");
    expect(usccCheckCharacter("91110000802100433")).toBe("B");
  });
  it("returns null for a wrong length or a character outside the set", () => {
    expect(usccCheckCharacter("9135010")).toBeNull();
    expect(usccCheckCharacter("91350100M000100I4")).toBeNull();
  });
});

describe("isValidUscc", () => {
  it.each(valid)("accepts %s", (code) => expect(isValidUscc(code)).toBe(true));
  it.each([
    ["wrong check character", "91350100M000100Y44"],
    ["lowercase", "91110000802100433b"],
    ["too short", "91350100M000100Y4"],
    ["too long", "91350100M000100Y433"],
    ["empty", ""],
    ["letter I", "91350100M000100I43"],
    ["letter O", "91350100M000100O43"],
    ["letter Z", "91350100M000100Z43"],
    ["letter S", "91350100M000100S43"],
    ["letter V", "91350100M000100V43"],
    ["letter in the division code", "9135A100M000100Y43"],
  ])("rejects %s", (_label, code) => expect(isValidUscc(code)).toBe(false));
  it("rejects every single-character change of a valid code", () => {
    const code = valid[0]!;
    const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (let i = 0; i < 18; i++) {
      for (const c of charset) {
        if (c === code[i]) continue;
        expect(isValidUscc(code.slice(0, i) + c + code.slice(i + 1))).toBe(false);
      }
    }
  });
});
