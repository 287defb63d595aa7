import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockReader, type BlockRead } from '../../shared/contract/block-reader';
import type { Page } from '../../shared/contract/define';
import type { AuditEvent } from '../../shared/contract/audit';
import { appendAuditSync } from './audit';
import { makeTestConsole, type TestConsole } from '../test/harness';

const ROWS = 1_234;
let t: TestConsole;
let all: number[];

beforeAll(async () => {
  t = makeTestConsole();
  await t.signInAs('admin', 'admin');
  for (let i = 0; i < ROWS; i++) {
    appendAuditSync(t.sqlite, {
      at: '2026-03-01T00:00:00.000Z',
      operatorId: null,
      operatorRole: null,
      action: 'test.event',
      entityType: 'test',
      entityId: i,
      host: 'system',
    });
  }
  all = (t.sqlite.prepare('SELECT id FROM audit_events ORDER BY id DESC').all() as { id: number }[]).map((r) => r.id);
});
afterAll(() => t.close());

/** A reader over audit:list as the grid uses it, with a small MAX_SKIP so the hops show at this size. */
function reader(maxSkip: number, reads: BlockRead[] = []) {
  return new BlockReader<AuditEvent>(
    'desc',
    async (read) => {
      reads.push(read);
      return (await t.ok('admin', 'audit:list', { sort: 'id', ...read, filter: {} })) as Page<AuditEvent>;
    },
    maxSkip,
  );
}

describe('a grid reads any block, however deep, in steps the contract allows', () => {
  it('reads the first block, then a jump to the very end from the end, within the skip bound', async () => {
    const reads: BlockRead[] = [];
    const r = reader(50, reads);
    const first = await r.read(0, 100);
    expect(first.rows.map((e) => e.id)).toEqual(all.slice(0, 100));
    expect(r.total).toBeGreaterThanOrEqual(ROWS);
    const tail = await r.read(1_200, 1_300);
    expect(tail.rows.map((e) => e.id)).toEqual(all.slice(1_200, 1_300));
    expect(tail.lastRow).toBe(all.length);
    // The tail came from the other end: ascending, a few rows in, not 1,200 skipped rows.
    expect(reads.at(-1)).toMatchObject({ dir: 'asc' });
    expect(reads.every((read) => read.skip <= 50)).toBe(true);
  });

  it('reads the middle by hopping, and a second jump nearby reuses the hops', async () => {
    const reads: BlockRead[] = [];
    const r = reader(50, reads);
    await r.read(0, 100);
    const middle = await r.read(600, 700);
    expect(middle.rows.map((e) => e.id)).toEqual(all.slice(600, 700));
    expect(reads.every((read) => read.skip <= 50)).toBe(true);
    const before = reads.length;
    const near = await r.read(700, 800);
    expect(near.rows.map((e) => e.id)).toEqual(all.slice(700, 800));
    expect(reads.length - before).toBe(1);
  });

  it('agrees with the plain order for every block, read in a shuffled order', async () => {
    const r = reader(70);
    await r.read(0, 100);
    const starts = [900, 300, 1_100, 0, 500, 1_200, 200, 800];
    for (const start of starts) {
      const block = await r.read(start, start + 100);
      expect(
        block.rows.map((e) => e.id),
        `block at ${start}`,
      ).toEqual(all.slice(start, start + 100));
    }
  });
});
