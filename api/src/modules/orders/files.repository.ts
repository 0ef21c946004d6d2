import { createHash } from "node:crypto";
import type { Db } from "../../lib/db.ts";

/**
 * Where file contents live. PostgreSQL by default, so API replicas stay stateless; an S3-compatible store can
 * implement the same three calls (put returns the id the metadata row keeps).
 */
export type StoredObject = { id: string; filename: string; contentType: string; sizeBytes: number; sha256: string };
export interface FileStore {
  put(file: { bytes: Uint8Array; filename: string; contentType: string; createdById: string }): Promise<StoredObject>;
  get(id: string): Promise<(StoredObject & { bytes: Uint8Array }) | null>;
  delete(id: string): Promise<void>;
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export const createPgFileStore = (db: Db | Parameters<Parameters<Db["$transaction"]>[0]>[0]): FileStore => ({
  async put({ bytes, filename, contentType, createdById }) {
    const sha256 = sha256Hex(bytes);
    const row = await db.storedFile.create({
      data: { filename, contentType, sizeBytes: bytes.byteLength, sha256, data: Buffer.from(bytes), createdById },
      select: { id: true, filename: true, contentType: true, sizeBytes: true, sha256: true },
    });
    return row;
  },
  async get(id) {
    const row = await db.storedFile.findUnique({ where: { id } });
    if (!row) return null;
    const { data, createdById, createdAt, ...meta } = row;
    void createdById;
    void createdAt;
    return { ...meta, bytes: new Uint8Array(data) };
  },
  async delete(id) {
    await db.storedFile.deleteMany({ where: { id } });
  },
});
