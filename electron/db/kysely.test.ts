import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { makeTestConsole } from '../test/harness';

describe('transactions', () => {
  it('take the write lock when they begin, so a second connection cannot slip a write in between', async () => {
    const t = makeTestConsole();
    const other = new Database(t.file);
    other.pragma('busy_timeout = 0');
    await t.services.db.transaction().execute(async (trx) => {
      await trx.selectFrom('settings').selectAll().execute(); // a read first, as handlers do
      expect(() => other.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run()).toThrow(/locked|busy/i);
    });
    expect(() => other.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run()).not.toThrow();
    other.close();
    t.close();
  });
});
