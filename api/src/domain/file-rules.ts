// What the API accepts as a file and how it names one in a download. Types are decided from the bytes
// (magic numbers), never from the client's Content-Type or file name alone.

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

import type { OrderFileKind } from "../enums.ts";

export type FilePurpose = OrderFileKind;
export type DetectedType = "application/pdf" | "image/png" | "image/jpeg";

const ALLOWED: Record<FilePurpose, readonly DetectedType[]> = {
  REPORT: ["application/pdf"],
  ATTACHMENT: ["application/pdf", "image/png", "image/jpeg"],
};

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

export const detectType = (bytes: Uint8Array): DetectedType | null => {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
};

export type FileCheck =
  | { ok: true; contentType: DetectedType }
  | { ok: false; code: "EMPTY" | "TOO_LARGE" | "TYPE_NOT_ALLOWED"; message: string };

export const checkUpload = (bytes: Uint8Array, purpose: FilePurpose): FileCheck => {
  if (bytes.byteLength === 0) return { ok: false, code: "EMPTY", message: "The file is empty." };
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return { ok: false, code: "TOO_LARGE", message: `Files are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB.` };
  }
  const type = detectType(bytes);
  if (!type || !ALLOWED[purpose].includes(type)) {
    const allowed = ALLOWED[purpose].join(", ");
    return { ok: false, code: "TYPE_NOT_ALLOWED", message: `Only ${allowed} is accepted here.` };
  }
  return { ok: true, contentType: type };
};

/** A file name safe to store and to echo: no path, no control characters, at most 120 characters. */
export const cleanFilename = (name: string, fallback: string) => {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .trim()
    .slice(0, 120);
  return cleaned || fallback;
};

/** Content-Disposition for a download: an ASCII fallback plus the UTF-8 name (RFC 6266 / RFC 5987). */
export const contentDisposition = (filename: string) => {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
};
