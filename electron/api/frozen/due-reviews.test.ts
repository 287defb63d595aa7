import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { returnDueReviews } from './due-reviews';

/**
 * The due-work timer runs every few seconds on the main thread. With nothing due it must not
 * ask for SQLite's write lock: while an import's worker holds it, asking blocks the main thread
 * (better-sqlite3 waits synchronously) for as long as the worker's batch takes.
 */
let t: TestConsole;
beforeAll(() => {
  t = makeTestConsole();
});
afterAll(() => t.close());

it('with no review due, passes while another connection holds the write lock', async () => {
  const worker = new Database(t.file);
  worker.exec('BEGIN IMMEDIATE');
  t.sqlite.pragma('busy_timeout = 50'); // a wait would end in SQLITE_BUSY here instead of a 5 s stall
  try {
    await expect(returnDueReviews(t.services)).resolves.toEqual([]);
  } finally {
    t.sqlite.pragma('busy_timeout = 5000');
    worker.exec('ROLLBACK');
    worker.close();
  }
});
