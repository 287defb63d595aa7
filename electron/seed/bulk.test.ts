import { afterEach, describe, expect, it } from 'vitest';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { withBulkWrites } from './bulk';

const indexes = (t: TestConsole) =>
  t.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();

describe('a bulk load into a scratch file', () => {
  let t: TestConsole;
  afterEach(() => t.close());

  it('loads without the big tables’ secondary indexes, then has every index and WAL + FULL again', async () => {
    t = makeTestConsole();
    const before = indexes(t);
    t.sqlite.exec('DELETE FROM sqlite_stat1; ANALYZE sqlite_schema'); // none, as in a new file
    const built: number[] = [];
    const stages: string[] = [];
    const during = await withBulkWrites(
      t.sqlite,
      async () => {
        t.sqlite.exec("INSERT INTO settings (key, value) VALUES ('bulk.a', '1'), ('bulk.b', '2')");
        return t.sqlite
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('transactions', 'freeze_cases') ORDER BY name",
          )
          .all();
      },
      (stage, done) => {
        stages.push(stage);
        if (stage === 'indexes') built.push(done);
      },
    );
    // Only the unique constraints' own indexes serve while loading, the one the freeze rules
    // read, and the one written in its own order (a customer's transactions arrive together).
    expect(during).toEqual([
      { name: 'freeze_cases_by_account' },
      { name: 'sqlite_autoindex_freeze_cases_1' },
      { name: 'sqlite_autoindex_transactions_1' },
      { name: 'transactions_by_account' },
    ]);
    expect(indexes(t)).toEqual(before);
    // Each deferred index is reported as it is built, up to all of them.
    expect(built.length).toBeGreaterThan(40);
    expect(built).toEqual([...built.keys()]);
    // Then the planner statistics, so the app's first open on the file has none left to gather.
    expect(stages.slice(-2)).toEqual(['statistics', 'statistics']);
    expect((t.sqlite.prepare('SELECT count(*) AS n FROM sqlite_stat1').get() as { n: number }).n).toBeGreaterThan(0);
    expect(t.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('puts the indexes back when the load fails', async () => {
    t = makeTestConsole();
    const before = indexes(t);
    await expect(
      withBulkWrites(t.sqlite, async () => {
        throw new Error('generator bug');
      }),
    ).rejects.toThrow('generator bug');
    expect(indexes(t)).toEqual(before);
  });
});
