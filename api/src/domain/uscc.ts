/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character set that
 * leaves out I, O, Z, S and V (easily confused with 1, 0, 2, 5 and U); the last is a mod-31 check character.
 */
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** Positions 3–8 hold the administrative division code (行政区划码), always six digits. */
const SHAPE = new RegExp(`^[${CHARSET}]{2}\\d{6}[${CHARSET}]{10}$`);

/** The check character for the first 17 characters, or null if they are not 17 characters of the set. */
export const usccCheckCharacter = (first17: string): string | null => {
  if (first17.length !== WEIGHTS.length) return null;
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    const value = CHARSET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return CHARSET[(31 - (sum % 31)) % 31]!;
};

/** Case-sensitive: codes are stored uppercase, so callers normalise input before checking. */
export const isValidUscc = (code: string): boolean =>
  SHAPE.test(code) && usccCheckCharacter(code.slice(0, 17)) === code[17];
