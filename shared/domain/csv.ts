/** CSV text for exports (RFC 4180), shared by main's exports and the renderer's chart-data downloads. */

/** One field, quoted when it must be; a leading =, +, - or @ in text is neutralised against formula injection. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',');
}

/** Lines joined with CRLF and a final CRLF, as spreadsheets expect. */
export function csvText(lines: unknown[][]): string {
  return lines.map(csvLine).join('\r\n') + '\r\n';
}
