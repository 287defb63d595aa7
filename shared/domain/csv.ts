/**
 * The one CSV writer for every export (RFC 4180): the audit log, contacts, import error
 * reports and the charts' figures, in main and in the renderer alike.
 */

/**
 * A spreadsheet reads a cell starting with = + - @ (or their full-width forms, which some
 * spreadsheet apps fold to ASCII), a tab or a CR as a formula or a split cell; leading
 * blanks do not stop that. Such text gets a leading apostrophe, which spreadsheets show
 * as plain text (OWASP "CSV injection").
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, quoted when it must be. Only text is neutralised: a number like -5 stays a number. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'string') s = neutraliseFormula(value);
  else if (typeof value === 'object') s = neutraliseFormula(JSON.stringify(value));
  else s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',');
}

/** Lines joined with CRLF and a final CRLF, as spreadsheets expect. */
export function csvText(lines: unknown[][]): string {
  return lines.map(csvLine).join('\r\n') + '\r\n';
}
