import type Database from 'better-sqlite3';

/** Rows per statement: past a few dozen the saving is gone and the statement only grows. */
const MAX_ROWS = 50;

/**
 * An INSERT that writes up to 50 gathered rows per execution. The contacts table checks its
 * enumerations with `IN (…)` lists, and SQLite builds each list's lookup table once per
 * execution of a statement: row by row, that was about a fifth of the contacts stage (20.4 →
 * 16.4–17.0 s for 505k contacts, same machine, alternated runs). The rows are the same, in the
 * same order, through the same constraints and triggers. Transactions too (`transactionWriter`):
 * a customer's rows, and those of the customers before them that nobody read yet, go in one
 * statement; 500k rows' inserts took 14.8 s of CPU one by one and 10.6 s gathered.
 *
 * `head` is `INSERT INTO t (…) VALUES`, `tuple` one row's `(?, …)`.
 */
export class MultiRowInsert {
  private rows: unknown[][] = [];
  private readonly statements = new Map<number, Database.Statement>();

  constructor(
    private readonly sqlite: Database.Database,
    private readonly head: string,
    private readonly tuple: string,
  ) {}

  add(row: unknown[]): void {
    this.rows.push(row);
    if (this.rows.length >= MAX_ROWS) this.flush();
  }

  /** Writes what is gathered; call before anything reads the table and before COMMIT. */
  flush(): void {
    if (this.rows.length === 0) return;
    this.statementFor(this.rows.length).run(this.rows.flat());
    this.rows = [];
  }

  private statementFor(rows: number): Database.Statement {
    let st = this.statements.get(rows);
    if (!st) {
      st = this.sqlite.prepare(`${this.head} ${Array(rows).fill(this.tuple).join(', ')}`);
      this.statements.set(rows, st);
    }
    return st;
  }
}
