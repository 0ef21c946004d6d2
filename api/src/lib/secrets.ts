import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const newPassword = () => randomBytes(18).toString("base64url");

/**
 * A secret generated once per install and kept in a file only its owner can read (mode 600), so that no
 * two installs share it and none of it lives in the code.
 */
export const readOrCreateSecret = (file: string): { value: string; created: boolean } => {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return { value: readFileSync(file, "utf8").trim(), created: false };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const value = newPassword();
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  return { value, created: true };
};

export const writeSecret = (file: string, value: string) => {
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
};
