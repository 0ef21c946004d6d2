export type CsvValue = string | number | null | undefined;

/**
 * A text cell that a spreadsheet would run as a formula (starting with = + - @, or tab / carriage return,
 * which some spreadsheets skip before looking) gets a leading apostrophe. Numbers are written as numbers:
 * a negative amount is data, not a formula.
 */
export const csvCell = (value: CsvValue) => {
  if (value === null || value === undefined) return "";
  const text = String(value);
  const safe = typeof value === "string" && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/**
 * The one CSV writer of the system: RFC 4180 quoting, CRLF line ends, a UTF-8 BOM so that Excel reads the
 * Chinese text, and formula injection neutralised in every cell.
 */
export const toCsv = (header: string[], rows: CsvValue[][]) =>
  `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
