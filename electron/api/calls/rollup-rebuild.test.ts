import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyForFile, openSqliteFile } from '../../db/encryption';
import { buildNextRollups, noteZoneChange, pendingRebuild, swapInNextRollups } from '../../db/rollups/rebuild';
import { forgetSettings } from '../../db/settings';
import { activateDueWork } from '../../host/due-work';
import { generateDataset } from '../../seed/generate';
import { makeTestConsole, unwrap, type TestConsole } from '../../test/harness';
import { rollupDifferences } from '../../test/rollup-check';
import { rollupRebuildRanIn, startRollupRebuild } from '../../workers/rollup-rebuild-run';

const ANCHOR = new Date('2026-11-01T00:00:00.000Z');
let t: TestConsole;
let other: Database.Database;

beforeAll(async () => {
  t = makeTestConsole({ now: () => ANCHOR });
  await generateDataset(t.sqlite, { scale: 'demo', seed: 5, anchor: ANCHOR });
  await t.signInAs('admin', 'admin');
  await t.signInAs('agent', 'agent');
  unwrap(await t.call('admin', 'settings:update', { timeZone: 'Asia/Shanghai' }));
  await startRollupRebuild(t.sqlite, () => {}); // the in-process one that change started
  other = openSqliteFile(t.sqlite.name, { key: keyForFile(t.sqlite.name), fileMustExist: true });
});
afterAll(() => {
  other.close();
  t.close();
});

const DASHBOARD = { from: '2026-10-01', to: '2026-10-31', interval: 'day' };
/** The contacts of one local day, as the day rollup holds them. */
const day = (date: string) =>
  t.sqlite.prepare('SELECT coalesce(sum(contacts), 0) FROM contact_rollup_day WHERE day = ?').pluck().get(date);
let key = 0;
const logAt = (startedAt: string) =>
  t.call('agent', 'contacts:log', {
    channel: 'phone',
    category: 'refund',
    outcome: 'resolved',
    startedAt,
    idempotencyKey: `rebuild-test-${++key}`,
  });

/** The zone change as settings:update writes it, without starting the rebuild (the test runs its steps). */
function askForZone(zone: string) {
  for (const s of noteZoneChange('Asia/Shanghai', zone)) t.sqlite.exec(s);
  t.sqlite.prepare("UPDATE settings SET value = ? WHERE key = 'console.timeZone'").run(JSON.stringify(zone));
  forgetSettings(t.sqlite);
}

describe('a business-time-zone change rebuilds the day and hour rollups beside the old ones', () => {
  it('keeps the old zone whole while building, counts a contact logged meanwhile, and swaps to a from-scratch result', async () => {
    expect(rollupDifferences(t.sqlite, 'Asia/Shanghai')).toEqual([]);
    askForZone('America/New_York');
    buildNextRollups(other, 'America/New_York');
    // Logged mid-rebuild, after the worker's snapshot: 2026-10-15 23:30 in New York, 10-16 in Shanghai.
    const shanghaiBefore = day('2026-10-16') as number;
    unwrap(await logAt('2026-10-16T03:30:00.000Z'));
    // The old rollups took it, in the old zone, and are still whole.
    expect(day('2026-10-16')).toBe(shanghaiBefore + 1);
    expect(rollupDifferences(t.sqlite, 'Asia/Shanghai')).toEqual([]);
    expect(pendingRebuild(t.sqlite)).toBe('America/New_York');
    // The Overview's 14 days are the business zone's: meanwhile summed from the 15-minute buckets
    // (the day rollup still holds Shanghai's days), the same figures the swapped-in one gives.
    const during = (await t.ok('admin', 'overview:get', {})).team!.last14Days;
    expect(during.slice(0, -1).map((d) => d.contacts)).not.toEqual(during.slice(0, -1).map((d) => day(d.date)));

    expect(swapInNextRollups(other, 'America/New_York')).toBe('swapped');
    expect(pendingRebuild(t.sqlite)).toBeNull();
    expect((await t.ok('admin', 'overview:get', {})).team!.last14Days).toEqual(during);
    // The same rows a rebuild from scratch in the new zone gives, the mid-rebuild contact included.
    expect(rollupDifferences(t.sqlite, 'America/New_York')).toEqual([]);
    const dash = await t.ok('admin', 'calls:dashboard', DASHBOARD);
    expect(dash).toMatchObject({ timeZone: 'America/New_York', rollupsRebuilding: false });
  });

  it('swaps nothing when the zone changed again while it built', async () => {
    askForZone('Europe/Berlin');
    buildNextRollups(other, 'Europe/Berlin');
    askForZone('Asia/Tokyo');
    expect(swapInNextRollups(other, 'Europe/Berlin')).toBe('stale');
    expect(rollupDifferences(t.sqlite, 'America/New_York')).toEqual([]);
    buildNextRollups(other, 'Asia/Tokyo');
    expect(swapInNextRollups(other, 'Asia/Tokyo')).toBe('swapped');
    expect(rollupDifferences(t.sqlite, 'Asia/Tokyo')).toEqual([]);
  });

  it('picks up, in due work, a rebuild that a stopped app left under way', async () => {
    askForZone('Europe/Berlin'); // as a crash after the settings change left it
    const dash = await t.ok('admin', 'calls:dashboard', DASHBOARD);
    expect(dash).toMatchObject({ timeZone: 'Asia/Tokyo', rollupsRebuilding: true });
    // A heatmap cell drills into the contacts it was drawn from: Tokyo's Wednesdays at 10:00.
    const cell = await t.ok('admin', 'contacts:list', {
      sort: 'startedAt',
      dir: 'desc',
      limit: 5,
      after: null,
      withTotal: true,
      filter: { from: dash.fromIso, to: dash.toIso, weekday: 2, hour: 10 },
    });
    expect(cell.total).toBe(dash.heatmap[2][10]);
    expect(cell.total).toBeGreaterThan(0);
    await activateDueWork(t.services);
    await startRollupRebuild(t.sqlite, () => {});
    expect(pendingRebuild(t.sqlite)).toBeNull();
    expect(rollupDifferences(t.sqlite, 'Europe/Berlin')).toEqual([]);
    expect(await t.ok('admin', 'calls:dashboard', DASHBOARD)).toMatchObject({
      timeZone: 'Europe/Berlin',
      rollupsRebuilding: false,
    });
  });

  it('runs on a worker thread: settings:update answers at once, the dashboard shows the old zone until the swap', async () => {
    process.env.WALLET_OPS_TS_WORKER = '1'; // the app loads the built worker; tests load its source through tsx
    try {
      const before = await t.ok('admin', 'calls:dashboard', DASHBOARD);
      unwrap(await t.call('admin', 'settings:update', { timeZone: 'Asia/Shanghai' }));
      const during = await t.ok('admin', 'calls:dashboard', DASHBOARD);
      // The worker is still starting: the figures are the old zone's, whole, and said to be.
      expect(during).toMatchObject({ timeZone: 'Europe/Berlin', rollupsRebuilding: true });
      expect(during.series).toEqual(before.series);
      unwrap(await logAt('2026-10-20T12:00:00.000Z'));
      await startRollupRebuild(t.sqlite, () => {});
      expect(rollupRebuildRanIn(t.sqlite)).toBe('worker');
      const after = await t.ok('admin', 'calls:dashboard', DASHBOARD);
      expect(after).toMatchObject({ timeZone: 'Asia/Shanghai', rollupsRebuilding: false });
      // October in Shanghai, the contact logged during the rebuild included.
      const october = t.sqlite
        .prepare('SELECT count(*) FROM contacts WHERE started_at >= ? AND started_at < ?')
        .pluck()
        .get('2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z');
      expect(after.kpis.volume).toBe(october);
      expect(rollupDifferences(t.sqlite, 'Asia/Shanghai')).toEqual([]);
    } finally {
      delete process.env.WALLET_OPS_TS_WORKER;
    }
  });
});
