import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, checkUpload, cleanFilename, contentDisposition, detectType } from "./file-rules.ts";

const pdf = new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n");
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const html = new TextEncoder().encode("<html><script>alert(1)</script>");

describe("file rules", () => {
  it("detects types from the bytes", () => {
    expect(detectType(pdf)).toBe("application/pdf");
    expect(detectType(png)).toBe("image/png");
    expect(detectType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(detectType(html)).toBeNull();
  });
  it("accepts only PDF reports and PDF or images as attachments", () => {
    expect(checkUpload(pdf, "REPORT")).toEqual({ ok: true, contentType: "application/pdf" });
    expect(checkUpload(png, "REPORT")).toMatchObject({ ok: false, code: "TYPE_NOT_ALLOWED" });
    expect(checkUpload(png, "ATTACHMENT")).toEqual({ ok: true, contentType: "image/png" });
    expect(checkUpload(html, "ATTACHMENT")).toMatchObject({ ok: false, code: "TYPE_NOT_ALLOWED" });
    expect(checkUpload(new Uint8Array(), "ATTACHMENT")).toMatchObject({ ok: false, code: "EMPTY" });
  });
  it("allows exactly 20 MB and refuses one byte more", () => {
    const at = (n: number) => {
      const bytes = new Uint8Array(n);
      bytes.set(pdf);
      return checkUpload(bytes, "REPORT");
    };
    expect(at(MAX_FILE_BYTES).ok).toBe(true);
    expect(at(MAX_FILE_BYTES + 1)).toMatchObject({ ok: false, code: "TOO_LARGE" });
  });
  it("cleans names and writes a Content-Disposition with a UTF-8 name", () => {
    expect(cleanFilename("../../etc/报告\u0000.pdf", "report.pdf")).toBe("报告.pdf");
    expect(cleanFilename("  ", "report.pdf")).toBe("report.pdf");
    expect(contentDisposition('检测报告 "1".pdf')).toBe(
      `attachment; filename="____ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('检测报告 "1".pdf')}`,
    );
  });
});
