/**
 * A streaming RFC 4180 CSV reader: text goes in as it is read from disk, whole records
 * come out. Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF
 * both end a record; a UTF-8 byte-order mark at the very start is dropped.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** Inside quotes, the previous character was a quote (an escape or the closing quote). */
  private quotePending = false;
  private started = false;
  /** 1-based line number where the current record started, for error reports. */
  private line = 1;
  private recordLine = 1;

  constructor(private readonly onRecord: (fields: string[], line: number) => void) {}

  push(text: string): void {
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    let field = this.field;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === '"') {
            field += '"';
            continue;
          }
          this.quoted = false; // the quote closed the field; fall through to unquoted handling
        } else if (ch === '"') {
          this.quotePending = true;
          continue;
        } else {
          if (ch === '\n') this.line++;
          field += ch;
          continue;
        }
      }
      if (ch === ',') {
        this.record.push(field);
        field = '';
      } else if (ch === '\n') {
        this.record.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        field = '';
        this.emit();
        this.line++;
        this.recordLine = this.line;
      } else if (ch === '"' && field === '') {
        this.quoted = true;
      } else {
        field += ch;
      }
    }
    this.field = field;
  }

  end(): void {
    if (this.quoted && this.quotePending) this.quoted = false;
    if (this.field !== '' || this.record.length > 0) {
      this.record.push(this.field.endsWith('\r') ? this.field.slice(0, -1) : this.field);
      this.field = '';
      this.emit();
    }
  }

  private emit(): void {
    const rec = this.record;
    this.record = [];
    // A blank line is not a record.
    if (rec.length === 1 && rec[0] === '') return;
    this.onRecord(rec, this.recordLine);
  }
}

/** Parses a whole string; for previews and tests. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  const reader = new CsvReader((r) => out.push(r));
  reader.push(text);
  reader.end();
  return out;
}
