/**
 * CSV for spreadsheets (RFC 4180, CRLF line ends). Every CSV the server writes goes through here,
 * because a cell is only safe if both rules hold:
 * - A cell holding a separator any spreadsheet may use (`,`, `;` in locales with a decimal comma,
 *   tab), a quote or a line break is quoted, quotes doubled: it stays one cell whatever the list
 *   separator, so nothing inside it can begin a cell of its own ("Printer jam;=1+2;x").
 * - A text cell that a spreadsheet would read as a formula, one starting (after any leading
 *   whitespace) with `=`, `+`, `-` or `@`, or with a tab or CR, gets a leading `'` and is quoted
 *   (OWASP CSV injection guidance): it shows as text and is never evaluated.
 */

const NEEDS_QUOTES = /[",;\t\r\n]/;
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

/** One cell: text, a number, a date (ISO 8601), or empty for null and undefined. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Numbers are written by us, not typed by a user: a negative one stays a number.
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let s = value instanceof Date ? value.toISOString() : String(value);
  const formula = FORMULA_START.test(s);
  if (formula) s = `'${s}`;
  return formula || NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line of cells, without its line end. */
export const csvLine = (cells: readonly unknown[]) => cells.map(csvCell).join(',');

/** A whole document: the header line, then one line per row, each ended by CRLF. */
export function csvDocument(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((cells) => `${csvLine(cells)}\r\n`).join('');
}
