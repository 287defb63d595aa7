import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZoneClock } from '../../../shared/domain/business-time';
import { generateDataset } from '../../seed/generate';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { rollupDifferences } from '../../test/rollup-check';

let t: TestConsole;
const ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-11-01T00:00:00Z');

beforeAll(async () => {
  t = makeTestConsole({ now: () => NOW });
  await generateDataset(t.sqlite, { scale: 'demo', seed: 3, anchor: NOW });
  await t.signInAs('admin', 'admin');
  await t.signInAs('sup', 'supervisor');
  await t.signInAs('agent', 'agent');
  const r = await t.call('admin', 'settings:update', { timeZone: ZONE });
  expect(r.ok).toBe(true);
});
afterAll(() => t.close());

const dashboard = (input: Record<string, unknown>) => t.ok('sup', 'calls:dashboard', { stackBy: 'channel', ...input });

describe('rollups', () => {
  it('match a full recomputation from the demo contacts, after a change of business time zone too', async () => {
    // The day and hour rollups were built in the seed's zone; the first read after the change rebuilds them.
    await dashboard({ from: '2026-10-02', to: '2026-10-31', interval: 'day' });
    expect(t.sqlite.prepare("SELECT value FROM settings WHERE key = 'calls.rollupTimeZone'").get()).toEqual({
      value: JSON.stringify(ZONE),
    });
    expect(rollupDifferences(t.sqlite, ZONE)).toEqual([]);
  });
});

describe('the dashboard agrees with the contacts themselves', () => {
  it('cards: volume, service level, ASA, abandonment, AHT, FCR and escalation', async () => {
    const d = await dashboard({ from: '2026-10-02', to: '2026-10-31', interval: 'day' });
    const clock = new ZoneClock(ZONE);
    const lo = new Date(clock.dayStart('2026-10-02')).toISOString();
    const hi = new Date(clock.dayStart('2026-11-01')).toISOString();
    const q = (expr: string, where = '1') =>
      (
        t.sqlite
          .prepare(`SELECT ${expr} AS v FROM contacts WHERE started_at >= ? AND started_at < ? AND ${where}`)
          .get(lo, hi) as { v: number }
      ).v;
    const live = "channel IN ('phone', 'chat')";
    const answered = "outcome <> 'abandoned'";
    expect(d.kpis.volume).toBe(q('count(*)'));
    const short = q('count(*)', `${live} AND outcome = 'abandoned' AND queue_seconds < 5`);
    const liveOffered = q('count(*)', live);
    expect(d.kpis.serviceLevel).toBeCloseTo(
      q('count(*)', `${live} AND ${answered} AND queue_seconds <= 20`) / (liveOffered - short),
      12,
    );
    expect(d.kpis.asaSeconds).toBeCloseTo(q('avg(queue_seconds)', `${live} AND ${answered}`), 9);
    expect(d.kpis.abandonRate).toBeCloseTo(
      (q('count(*)', `${live} AND outcome = 'abandoned'`) - short) /
        (liveOffered - short - q('count(*)', `${live} AND outcome = 'callback'`)),
      12,
    );
    expect(d.kpis.ahtSeconds).toBeCloseTo(q('avg(talk_seconds + hold_seconds + acw_seconds)', answered), 9);
    expect(d.kpis.fcr).toBeCloseTo(q('count(*)', "outcome = 'resolved'") / q('count(*)', answered), 12);
    expect(d.kpis.escalationRate).toBeCloseTo(q('count(*)', "outcome = 'escalated'") / q('count(*)', answered), 12);
    // Every chart sums to the card.
    expect(d.series.reduce((a, p) => a + p.total, 0)).toBe(d.kpis.volume);
    expect(d.series.every((p) => p.stacks.reduce((a, b) => a + b, 0) === p.total)).toBe(true);
    expect(d.heatmap.flat().reduce((a, b) => a + b, 0)).toBe(d.kpis.volume);
    expect(d.topCategories.reduce((a, c) => a + c.volume, 0)).toBe(d.kpis.volume);
    expect(d.series).toHaveLength(30);
  });

  it('the previous period and compare figures line up', async () => {
    const d = await dashboard({ from: '2026-10-18', to: '2026-10-31', interval: 'day' });
    const prev = await dashboard({ from: '2026-10-04', to: '2026-10-17', interval: 'day' });
    expect(d.previous).toEqual(prev.kpis);
    expect(d.series.map((p) => p.previousTotal)).toEqual(prev.series.map((p) => p.total));
  });

  it('shows the incident: payment failures spike for six hours on the incident day', async () => {
    const d = await dashboard({
      from: '2026-10-02',
      to: '2026-10-31',
      interval: 'hour',
      categories: ['payment_failure'],
    });
    expect(d.series).toHaveLength(30 * 24);
    const top = [...d.series].sort((a, b) => b.total - a.total).slice(0, 6);
    // 23 days before the anchor (a Friday); the demo draws the window 10:00–16:00 in Shanghai.
    expect(new Set(top.map((p) => p.label.slice(0, 10)))).toEqual(new Set(['2026-10-09']));
    const typical = [...d.series].sort((a, b) => a.total - b.total)[360].total;
    expect(top[5].total).toBeGreaterThan(5 * typical);
  });

  it('a drill-down on a point, a stacked bar or a heatmap cell totals what the chart shows', async () => {
    const d = await dashboard({ from: '2026-10-02', to: '2026-10-31', interval: 'hour', stackBy: 'category' });
    const busiest = [...d.series].sort((a, b) => b.total - a.total)[0];
    const list = (filter: Record<string, unknown>, limit = 500) =>
      t.ok('sup', 'contacts:list', { sort: 'startedAt', dir: 'desc', limit, after: null, withTotal: true, filter });
    const point = await list({ from: busiest.start, to: busiest.end });
    expect(point.total).toBe(busiest.total);
    expect(point.rows).toHaveLength(busiest.total);
    const cat = d.stackKeys.indexOf('refund');
    const bar = await list({ from: busiest.start, to: busiest.end, categories: ['refund'] });
    expect(bar.total).toBe(busiest.stacks[cat]);
    expect(bar.rows.every((r) => r.category === 'refund')).toBe(true);
    // Thursday 10:00 local across the month.
    const cell = await list({ from: d.fromIso, to: d.toIso, weekday: 3, hour: 10 }, 500);
    expect(cell.total).toBe(d.heatmap[3][10]);
    expect(cell.rows).toHaveLength(d.heatmap[3][10]);
    const clock = new ZoneClock(ZONE);
    expect(
      cell.rows.every(
        (r) => clock.parts(Date.parse(r.startedAt)).weekday === 3 && clock.parts(Date.parse(r.startedAt)).hour === 10,
      ),
    ).toBe(true);
    // Paging a cell walks its windows one after another without gaps or repeats.
    const ids: number[] = [];
    let after: unknown = null;
    do {
      const page = await t.ok('sup', 'contacts:list', {
        sort: 'startedAt',
        dir: 'desc',
        limit: 37,
        after,
        filter: { from: d.fromIso, to: d.toIso, weekday: 3, hour: 10 },
      });
      ids.push(...page.rows.map((r) => r.id));
      after = page.next;
    } while (after);
    expect(ids).toEqual(cell.rows.map((r) => r.id));
    // Each window's page seeks on that window alone: bounded by the month as well, the planner
    // sought on the month's end and walked every later contact to reach the window.
    t.queries.length = 0;
    await list({ from: d.fromIso, to: d.toIso, weekday: 3, hour: 10 }, 5);
    const pages = t.queries.filter((q) => /from "contacts"/.test(q.sql) && /order by/i.test(q.sql));
    expect(pages.length).toBeGreaterThan(0);
    for (const q of pages) expect(q.params).not.toContain(d.toIso);
    const abandoned = await list({ from: busiest.start, to: busiest.end, outcome: 'abandoned' });
    expect(abandoned.total).toBe(abandoned.rows.length);
  });

  it('refuses a range too long for its interval, and agents may not read it', async () => {
    expect(
      await t.call('sup', 'calls:dashboard', { from: '2026-08-01', to: '2026-10-31', interval: 'hour' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RANGE_TOO_LONG' },
    });
    expect(
      await t.call('agent', 'calls:dashboard', { from: '2026-10-01', to: '2026-10-31', interval: 'day' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('thresholds come from settings: 80/30 counts more answered in time than 80/10', async () => {
    const base = (await t.ok('admin', 'settings:get', {})).calls;
    const sl = async (serviceLevelSeconds: number) => {
      await t.ok('admin', 'settings:update', { calls: { ...base, serviceLevelSeconds } });
      return (await dashboard({ from: '2026-10-02', to: '2026-10-31', interval: 'week' })).kpis.serviceLevel!;
    };
    const ten = await sl(10);
    const thirty = await sl(30);
    await t.ok('admin', 'settings:update', { calls: base });
    expect(thirty).toBeGreaterThan(ten);
  });
});

describe('contacts:list plans', () => {
  for (const dir of ['asc', 'desc'] as const) {
    it(`walks (started_at, id) with no sort step and no OFFSET (${dir})`, async () => {
      const filter = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T00:00:00.000Z', channels: ['phone'] };
      const first = await t.ok('sup', 'contacts:list', { sort: 'startedAt', dir, limit: 50, after: null, filter });
      t.queries.length = 0;
      const second = await t.ok('sup', 'contacts:list', {
        sort: 'startedAt',
        dir,
        limit: 50,
        after: first.next,
        filter,
      });
      const select = t.queries.find((q) => /order by/i.test(q.sql))!;
      expect(select.sql).not.toMatch(/offset/i);
      const plan = (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${select.sql}`).all(...select.params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
      expect(plan).toMatch(/contacts_by_started/);
      const both = await t.ok('sup', 'contacts:list', { sort: 'startedAt', dir, limit: 100, after: null, filter });
      expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(both.rows.map((r) => r.id));
    });
  }
});

describe('forecast and staffing', () => {
  it('forecasts 7 days by half hour beside a 2-week backtest, with MAPE and Erlang C agents', async () => {
    const f = await t.ok('sup', 'calls:forecast', { channel: 'phone' });
    expect(f.intervals).toHaveLength(21 * 48);
    expect(f.futureFrom).toBe(14 * 48 + 16); // now = 08:00 local
    expect(f.intervals.slice(0, f.futureFrom).every((i) => i.actual !== null)).toBe(true);
    expect(f.intervals.slice(f.futureFrom).every((i) => i.actual === null && i.agents !== null)).toBe(true);
    expect(f.mape).not.toBeNull();
    expect(f.mape!).toBeLessThan(0.5);
    // Busy mid-morning needs more agents than the small hours.
    const day = f.intervals.slice(f.futureFrom + 32, f.futureFrom + 80);
    const at = (hhmm: string) => day.find((i) => i.label.endsWith(hhmm))!;
    expect(at('10:00').agents!).toBeGreaterThan(at('04:00').agents!);
    expect(at('10:00').rostered!).toBeGreaterThanOrEqual(Math.ceil(at('10:00').agents! / 0.7));
    const email = await t.ok('sup', 'calls:forecast', { channel: 'email' });
    expect(email.intervals.every((i) => i.agents === null)).toBe(true);
  });
});
