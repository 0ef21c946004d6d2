import { usccCheckCharacter } from "@zhongshi/api/domain/uscc";

const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** GB 11714 check character of the 8-character organization code body (组织机构代码). */
const organizationCodeCheck = (body8: string): string => {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i]!, 36) * weights[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
};

const base31 = (n: number, width: number): string => {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = USCC_CHARSET[n % 31]! + out;
    n = Math.floor(n / 31);
  }
  return out;
};

/**
 * A deterministic sample 统一社会信用代码 for sample organisations: '91' (enterprise, company), a Guiyang
 * division code, an 'MA…' organization code with its GB 11714 check, and the GB 32100-2015 check character.
 */
export const sampleUscc = ({ serial, divisionCode }: { serial: number; divisionCode: "520115" | "520100" }): string => {
  const body8 = `MA6${base31(400_000 + serial * 7919, 5)}`;
  const first17 = `91${divisionCode}${body8}${organizationCodeCheck(body8)}`;
  const check = usccCheckCharacter(first17);
  if (check === null) throw new Error(`not a USCC prefix: ${first17}`);
  return first17 + check;
};
