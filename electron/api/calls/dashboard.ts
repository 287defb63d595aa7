import { sql } from 'kysely';
import {
  MAX_DAYS_FOR_INTERVAL,
  type CallInterval,
  type CallsDashboard,
  type CategoryChange,
  type HourAbandon,
  type SeriesPoint,
} from '../../../shared/contract/calls';
import { AppError } from '../../../shared/contract/errors';
import { addDays, daysBetween, isDate, weekStart, type ZoneClock } from '../../../shared/domain/business-time';
import { CONTACT_CATEGORIES, CONTACT_CHANNELS, type ContactCategory } from '../../../shared/domain/catalog';
import { contactKpis, emptySums, trend, type ContactSums } from '../../../shared/domain/contact-kpis';
import { clockFor, syncLocalRollupsIn } from '../../db/rollups/local';
import { addMeasures, dimensionFilter, measureColumns, type MeasureRow } from './sums';
import { forecastHandler } from './forecast';
import type { HandlerContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { readSettings } from '../../db/settings';

type DashboardInput = Parameters<Handlers['calls:dashboard']>[1];

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number) => String(n).padStart(2, '0');

/** The local intervals of a range, each with the key its rollup rows are grouped under. */
function intervalsOf(clock: ZoneClock, from: string, to: string, interval: CallInterval) {
  const out: { key: string; start: number; label: string }[] = [];
  const endMs = clock.dayStart(addDays(to, 1));
  if (interval === '15m') {
    for (let t = clock.dayStart(from); t < endMs; t += 15 * 60_000) {
      out.push({ key: iso(t), start: t, label: clock.wallText(t).slice(0, 16) });
    }
  } else {
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (interval === 'day') out.push({ key: d, start: clock.dayStart(d), label: d });
      else if (interval === 'week') {
        const w = weekStart(d);
        if (d === from || d === w) out.push({ key: w, start: clock.dayStart(d), label: d });
      } else {
        for (let h = 0; h < 24; h++) {
          const start = clock.toUtc(d, h);
          // A local hour skipped by a DST jump has no interval of its own.
          if (clock.parts(start).hour !== h) continue;
          out.push({ key: `${d} ${pad(h)}`, start, label: `${d} ${pad(h)}:00` });
        }
      }
    }
  }
  return { points: out, endMs };
}

/** The hour rollup to read: the one without categories unless a category is filtered or stacked. */
function hourTable(input: DashboardInput, byCategory: boolean): string {
  return byCategory || input.categories.length ? 'contact_rollup_hour' : 'contact_rollup_hour_channel';
}

type SeriesRow = MeasureRow & { k: string; hour?: number };

/** The rollup table, key columns and range condition for an interval. */
function seriesSource(
  input: DashboardInput,
  range: { from: string; to: string },
  clock: ZoneClock,
  byCategory: boolean,
) {
  if (input.interval === '15m') {
    const lo = iso(clock.dayStart(range.from));
    const hi = iso(clock.dayStart(addDays(range.to, 1)));
    return {
      table: sql.raw('contact_rollup'),
      key: sql.raw('bucket AS k'),
      group: sql.raw('bucket'),
      where: sql`bucket >= ${lo} AND bucket < ${hi}`,
    };
  }
  const where = sql`day >= ${range.from} AND day <= ${range.to}`;
  if (input.interval === 'hour') {
    return {
      table: sql.raw(hourTable(input, byCategory)),
      key: sql.raw('day AS k, hour'),
      group: sql.raw('day, hour'),
      where,
    };
  }
  return { table: sql.raw('contact_rollup_day'), key: sql.raw('day AS k'), group: sql.raw('day'), where };
}

function keyOf(input: DashboardInput, r: { k: string; hour?: number }): string {
  if (input.interval === 'week') return weekStart(r.k);
  if (input.interval === 'hour') return `${r.k} ${pad(r.hour!)}`;
  return r.k;
}

/**
 * KPI sums per interval and channel. The GROUP BY follows each table's primary key order,
 * so SQLite aggregates while it walks the key range and never sorts.
 */
async function seriesRows(
  ctx: HandlerContext,
  input: DashboardInput,
  range: { from: string; to: string },
  clock: ZoneClock,
) {
  const src = seriesSource(input, range, clock, false);
  const rows = (
    await sql<SeriesRow>`SELECT ${src.key}, channel, ${measureColumns(readSettings(ctx.engine).calls)} FROM ${src.table}
      WHERE ${src.where} ${dimensionFilter(input.channels, input.categories)} GROUP BY ${src.group}, channel`.execute(
      ctx.db,
    )
  ).rows;
  for (const r of rows) r.k = keyOf(input, r);
  return rows;
}

/** Volume per interval only: the previous period's line in compare mode. */
async function totalRows(
  ctx: HandlerContext,
  input: DashboardInput,
  range: { from: string; to: string },
  clock: ZoneClock,
) {
  const src = seriesSource(input, range, clock, false);
  const rows = (
    await sql<{ k: string; hour?: number; n: number }>`SELECT ${src.key}, sum(contacts) AS n FROM ${src.table}
      WHERE ${src.where} ${dimensionFilter(input.channels, input.categories)} GROUP BY ${src.group}`.execute(ctx.db)
  ).rows;
  for (const r of rows) r.k = keyOf(input, r);
  return rows;
}

/** Volume per interval and category, for a chart stacked by category (narrow rows, one small sort). */
async function categoryRows(ctx: HandlerContext, input: DashboardInput, clock: ZoneClock) {
  const src = seriesSource(input, input, clock, true);
  const rows = (
    await sql<{ k: string; hour?: number; category: string; n: number }>`SELECT ${src.key}, category,
      sum(contacts) AS n FROM ${src.table} WHERE ${src.where} ${dimensionFilter(input.channels, input.categories)}
      GROUP BY ${src.group}, category`.execute(ctx.db)
  ).rows;
  for (const r of rows) r.k = keyOf(input, r);
  return rows;
}

/** One dashboard's range, the previous period of the same length, and the filter both are read with. */
interface Period {
  input: DashboardInput;
  clock: ZoneClock;
  prevFrom: string;
  prevTo: string;
  filter: ReturnType<typeof dimensionFilter>;
  settings: ReturnType<typeof readSettings>['calls'];
}

/** The range's length in days, refused when it is backwards or too long for the interval. */
function checkedDays(input: DashboardInput): number {
  if (!isDate(input.from) || !isDate(input.to) || input.to < input.from) {
    throw new AppError('VALIDATION', 'The range must run from a date to a later one', { from: 'invalid_range' });
  }
  const days = daysBetween(input.from, input.to) + 1;
  if (days > MAX_DAYS_FOR_INTERVAL[input.interval]) {
    throw new AppError('RANGE_TOO_LONG', `${days} days is too long for ${input.interval} intervals`);
  }
  return days;
}

/** KPI cards, both periods, from the day rollup. */
async function kpiSums(ctx: HandlerContext, p: Period) {
  const { input } = p;
  const rows = (
    await sql<MeasureRow & { cur: number }>`SELECT day >= ${input.from} AS cur, channel, ${measureColumns(p.settings)}
      FROM contact_rollup_day WHERE day >= ${p.prevFrom} AND day <= ${input.to} ${p.filter}
      GROUP BY cur, channel`.execute(ctx.db)
  ).rows;
  const sums = emptySums();
  const previousSums = emptySums();
  for (const r of rows) addMeasures(r.cur ? sums : previousSums, r);
  return { sums, previousSums };
}

/** The series, stacked by channel or category, with the previous period's totals aligned by position. */
async function stackedSeries(ctx: HandlerContext, p: Period) {
  const { input, clock } = p;
  const stackKeys: string[] =
    input.stackBy === 'channel'
      ? CONTACT_CHANNELS.filter((c) => !input.channels.length || input.channels.includes(c))
      : CONTACT_CATEGORIES.filter((c) => !input.categories.length || input.categories.includes(c));
  const { points, endMs } = intervalsOf(clock, input.from, input.to, input.interval);
  const byKey = new Map<string, { sums: ContactSums; stacks: number[] }>();
  for (const pt of points) byKey.set(pt.key, { sums: emptySums(), stacks: stackKeys.map(() => 0) });
  for (const r of await seriesRows(ctx, input, input, clock)) {
    const slot = byKey.get(r.k);
    if (!slot) continue;
    addMeasures(slot.sums, r);
    if (input.stackBy === 'channel') slot.stacks[stackKeys.indexOf(r.channel)] += r.offered;
  }
  if (input.stackBy === 'category') {
    for (const r of await categoryRows(ctx, input, clock)) {
      const i = stackKeys.indexOf(r.category);
      const slot = byKey.get(r.k);
      if (slot && i >= 0) slot.stacks[i] += r.n;
    }
  }
  const prev = intervalsOf(clock, p.prevFrom, p.prevTo, input.interval).points;
  const prevTotals = new Map<string, number>();
  for (const r of await totalRows(ctx, input, { from: p.prevFrom, to: p.prevTo }, clock)) {
    prevTotals.set(r.k, (prevTotals.get(r.k) ?? 0) + r.n);
  }
  const series: SeriesPoint[] = points.map((pt, i) => {
    const slot = byKey.get(pt.key)!;
    const k = contactKpis(slot.sums);
    return {
      start: iso(pt.start),
      end: iso(i + 1 < points.length ? points[i + 1].start : endMs),
      label: pt.label,
      total: slot.sums.offered,
      stacks: slot.stacks,
      serviceLevel: k.serviceLevel,
      asaSeconds: k.asaSeconds,
      previousTotal: prev[i] ? (prevTotals.get(prev[i].key) ?? 0) : null,
    };
  });
  return { stackKeys, series, endMs };
}

/** Weekday × hour heatmap and abandonment by hour: a small sort over the hour rollup. */
async function hourProfile(ctx: HandlerContext, p: Period) {
  const { input } = p;
  const rows = (
    await sql<MeasureRow & { weekday: number; hour: number }>`SELECT weekday, hour, channel,
      ${measureColumns(p.settings)} FROM ${sql.raw(hourTable(input, false))}
      WHERE day >= ${input.from} AND day <= ${input.to} ${p.filter} GROUP BY weekday, hour, channel`.execute(ctx.db)
  ).rows;
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const byHour = Array.from({ length: 24 }, () => emptySums());
  for (const r of rows) {
    heatmap[r.weekday][r.hour] += r.offered;
    addMeasures(byHour[r.hour], r);
  }
  const abandonByHour: HourAbandon[] = byHour.map((h, hour) => ({
    hour,
    offered: h.liveOffered,
    abandoned: h.liveAbandoned,
    shortAbandoned: h.liveShortAbandoned,
    rate: contactKpis(h).abandonRate,
  }));
  return { heatmap, abandonByHour };
}

/** Top categories with their change against the previous period. */
async function topCategories(ctx: HandlerContext, p: Period): Promise<CategoryChange[]> {
  const { input } = p;
  const rows = (
    await sql<{ category: ContactCategory; cur: number; prev: number }>`SELECT category,
      sum(CASE WHEN day >= ${input.from} THEN contacts ELSE 0 END) AS cur,
      sum(CASE WHEN day < ${input.from} THEN contacts ELSE 0 END) AS prev
      FROM contact_rollup_day WHERE day >= ${p.prevFrom} AND day <= ${input.to} ${p.filter}
      GROUP BY category`.execute(ctx.db)
  ).rows;
  return rows
    .map((r) => ({ category: r.category, volume: r.cur, previous: r.prev, change: trend(r.cur, r.prev) }))
    .filter((r) => r.volume > 0 || r.previous > 0)
    .sort((a, b) => b.volume - a.volume || a.category.localeCompare(b.category));
}

/**
 * The dashboard in the zone its day and hour rollups are built in: the business zone, or
 * while a worker rebuilds them after a zone change (SQLite), the previous one, said so by
 * `rollupsRebuilding`. The swap is one transaction, but the dashboard is several reads: when
 * the stamp moved while they ran, they are read again, so no answer mixes two zones' rows.
 */
export async function callsDashboard(ctx: HandlerContext, input: DashboardInput): Promise<CallsDashboard> {
  const settings = readSettings(ctx.engine);
  for (;;) {
    const zone = await syncLocalRollupsIn(ctx.db, settings.timeZone);
    const rebuilding = zone !== settings.timeZone;
    const dashboard = await dashboardIn(ctx, input, zone, settings);
    if (!rebuilding || (await syncLocalRollupsIn(ctx.db, settings.timeZone)) === zone) {
      return { ...dashboard, rollupsRebuilding: rebuilding };
    }
  }
}

async function dashboardIn(
  ctx: HandlerContext,
  input: DashboardInput,
  zone: string,
  settings: ReturnType<typeof readSettings>,
): Promise<Omit<CallsDashboard, 'rollupsRebuilding'>> {
  const days = checkedDays(input);
  const clock = clockFor(zone);
  const period: Period = {
    input,
    clock,
    prevFrom: addDays(input.from, -days),
    prevTo: addDays(input.from, -1),
    filter: dimensionFilter(input.channels, input.categories),
    settings: settings.calls,
  };
  const { sums, previousSums } = await kpiSums(ctx, period);
  const { stackKeys, series, endMs } = await stackedSeries(ctx, period);
  return {
    timeZone: zone,
    from: input.from,
    to: input.to,
    fromIso: iso(clock.dayStart(input.from)),
    toIso: iso(endMs),
    previousFromIso: iso(clock.dayStart(period.prevFrom)),
    previousToIso: iso(clock.dayStart(input.from)),
    interval: input.interval,
    stackBy: input.stackBy,
    stackKeys,
    channels: input.channels,
    categories: input.categories,
    settings: settings.calls,
    sums,
    kpis: contactKpis(sums),
    previous: contactKpis(previousSums),
    series,
    ...(await hourProfile(ctx, period)),
    topCategories: await topCategories(ctx, period),
  };
}

export const callHandlers: Pick<Handlers, 'calls:dashboard' | 'calls:forecast'> = {
  'calls:dashboard': callsDashboard,
  'calls:forecast': forecastHandler,
};
