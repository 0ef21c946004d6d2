import { describe, expect, it } from "vitest";
import { formatRange, renderBodies, renderTemplate } from "./render.ts";

const ctx = { outboxId: 1n, topic: "t", payload: {}, booking: null };

describe("notification rendering", () => {
  it("formats a range in Shanghai time, one date when both ends share a day", () => {
    expect(formatRange(new Date("2026-12-10T01:00:00Z"), new Date("2026-12-10T03:30:00Z"))).toBe(
      "2026-12-10 09:00–11:30",
    );
    expect(formatRange(new Date("2026-12-10T15:00:00Z"), new Date("2026-12-10T17:00:00Z"))).toBe(
      "2026-12-10 23:00 – 2026-12-11 01:00",
    );
  });
  it("fills placeholders and leaves unknown ones empty", () => {
    expect(renderTemplate("报价 {orderNo}{missing}", { orderNo: "Q-1" }, ctx).subject).toBe("报价 Q-1");
  });
  it("escapes HTML and keeps the link", () => {
    const { text, html } = renderBodies({ subject: "s", lines: ["<b>x</b>"] }, "en", "http://p/x?a=1&b=2");
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(html).toContain('href="http://p/x?a=1&amp;b=2"');
    expect(text).toContain("http://p/x?a=1&b=2");
  });
});
