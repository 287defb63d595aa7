import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallsDashboard } from '../../shared/contract/calls';
import type { Overview } from '../../shared/contract/overview';
import { listViolations } from '../test/dataset-invariants';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { generateDataset } from './generate';

/**
 * The suites that depend on the calendar, run with the clock and the demo data anchored at the
 * days where calendars break: a month end, both DST changes in New York, 1 January and 29 February.
 * Every expectation is computed here, independently, with Intl, from the contacts themselves.
 */
const ZONE = 'America/New_York';
const ANCHORS: [string, string][] = [
  ['the last evening of a month', '2026-02-01T04:45:00Z'], // 31 Jan 23:45 in New York
  ['just after spring-forward', '2026-03-08T07:30:00Z'], // 03:30 EDT, the 02:00 hour never happened
  ['just after fall-back', '2026-11-01T06:30:00Z'], // 01:30 EST, the second 01:00 hour
  ['the first minutes of 1 January', '2027-01-01T05:15:00Z'], // 00:15 EST
  ['29 February', '2028-02-29T17:00:00Z'],
];

const localDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const dayOf = (iso: string | number) => localDate.format(new Date(iso));

/** The calendar dates from `n - 1` days before `last` through `last`. */
function datesEndingAt(last: string, n: number): string[] {
  const end = Date.parse(`${last}T12:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

const localHour = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', hourCycle: 'h23' });

/**
 * The local hour labels of a calendar day of ZONE, in order: 23 on spring-forward (02:00 never
 * happens) and 24 on fall-back, where the hour rollup keeps both 01:00 hours under one label.
 */
function hourLabelsOf(date: string): string[] {
  const labels: string[] = [];
  for (
    let at = Date.parse(`${date}T00:00:00Z`) - 14 * 3_600_000;
    at < Date.parse(`${date}T00:00:00Z`) + 36 * 3_600_000;
    at += 15 * 60_000
  ) {
    if (dayOf(at) !== date) continue;
    const label = `${date} ${localHour.format(new Date(at))}:00`;
    if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}

function ok<T>(res: { ok: boolean; data?: unknown; error?: unknown }): T {
  if (!res.ok) throw new Error(`call failed: ${JSON.stringify(res.error)}`);
  return res.data as T;
}

describe.each(ANCHORS)('at %s (%s)', (_label, anchorIso) => {
  const anchor = new Date(anchorIso);
  const today = dayOf(anchorIso);
  let t: TestConsole;
  const perDay = new Map<string, number>();

  beforeAll(async () => {
    t = makeTestConsole({ now: () => anchor });
    await generateDataset(t.sqlite, { scale: 'demo', seed: 11, anchor });
    await t.signInAs('admin', 'admin');
    ok(await t.call('admin', 'settings:update', { timeZone: ZONE }));
    await t.signInAs('sup', 'supervisor');
    for (const { started_at } of t.sqlite.prepare('SELECT started_at FROM contacts').all() as {
      started_at: string;
    }[]) {
      const d = dayOf(started_at);
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
  }, 300_000);
  afterAll(() => t.close());

  it('writes no contact after the anchor', () => {
    const late = t.sqlite.prepare('SELECT count(*) AS n FROM contacts WHERE started_at > ?').get(anchorIso) as {
      n: number;
    };
    expect(late.n).toBe(0);
  });

  it("counts the Overview's today and last 14 days by New York calendar days", async () => {
    const o = ok<Overview>(await t.call('sup', 'overview:get', {}));
    expect(o.today).toBe(today);
    expect(o.team!.last14Days.map((d) => d.date)).toEqual(datesEndingAt(today, 14));
    expect(o.team!.last14Days.map((d) => d.contacts)).toEqual(datesEndingAt(today, 14).map((d) => perDay.get(d) ?? 0));
    expect(o.team!.contactsToday).toBe(perDay.get(today) ?? 0);
  });

  it('charts the last 7 days by day, and the anchor day by each local hour it has', async () => {
    const days = datesEndingAt(today, 7);
    const byDay = ok<CallsDashboard>(
      await t.call('sup', 'calls:dashboard', {
        from: days[0],
        to: today,
        interval: 'day',
        channels: [],
        categories: [],
      }),
    );
    expect(byDay.series.map((p) => p.label)).toEqual(days);
    expect(byDay.series.map((p) => p.total)).toEqual(days.map((d) => perDay.get(d) ?? 0));

    const byHour = ok<CallsDashboard>(
      await t.call('sup', 'calls:dashboard', {
        from: today,
        to: today,
        interval: 'hour',
        channels: [],
        categories: [],
      }),
    );
    expect(byHour.series.map((p) => p.label)).toEqual(hourLabelsOf(today));
    expect(byHour.series.reduce((s, p) => s + p.total, 0)).toBe(perDay.get(today) ?? 0);
  });

  it('leaves a database that obeys every dataset invariant', async () => {
    expect(await listViolations(t.sqlite, { now: anchor })).toEqual([]);
  });
});
