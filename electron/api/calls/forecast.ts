import { sql } from 'kysely';
import type { CallsForecast, ForecastInterval } from '../../../shared/contract/calls';
import { addDays } from '../../../shared/domain/business-time';
import { LIVE_CHANNELS } from '../../../shared/domain/contact-kpis';
import { requiredAgents } from '../../../shared/domain/erlang';
import { forecastSeasonal, mape } from '../../../shared/domain/forecast';
import { clockFor } from '../../db/rollups/local';
import type { HandlerContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { readSettings } from '../../db/settings';

const SLOTS_PER_DAY = 48;
const SEASON = 7 * SLOTS_PER_DAY;
const HISTORY_WEEKS = 4;
const BACKTEST_DAYS = 14;
const FUTURE_DAYS = 7;
/** MAPE is stated over intervals with at least this many contacts; near-empty night slots would swamp it. */
export const MAPE_MIN_VOLUME = 5;

/**
 * The next seven days by 30-minute local interval for one channel, beside a backtest over
 * the past two weeks (forecast as if made two weeks ago, against what happened), and the
 * agents Erlang C requires at the current settings.
 */
export const forecastHandler: Handlers['calls:forecast'] = async (ctx: HandlerContext, { channel }) => {
  const settings = readSettings(ctx.engine);
  const s = settings.calls;
  const clock = clockFor(settings.timeZone);
  const nowMs = ctx.now().getTime();
  const today = clock.date(nowMs);
  const backtestFrom = addDays(today, -BACKTEST_DAYS);
  const historyFrom = addDays(backtestFrom, -HISTORY_WEEKS * 7);
  const lo = new Date(clock.dayStart(historyFrom)).toISOString();
  const hi = new Date(Math.min(nowMs, clock.dayStart(addDays(today, FUTURE_DAYS)))).toISOString();

  // 15-minute buckets for the channel; one row per bucket (the category dimension summed away).
  const rows = (
    await sql<{ bucket: string; contacts: number; answered: number; handle: number }>`SELECT bucket,
      sum(contacts) AS contacts, sum(answered) AS answered, sum(handle_seconds) AS handle
      FROM contact_rollup WHERE bucket >= ${lo} AND bucket < ${hi} AND channel = ${channel} GROUP BY bucket`.execute(
      ctx.db,
    )
  ).rows;
  const totalDays = HISTORY_WEEKS * 7 + BACKTEST_DAYS + FUTURE_DAYS;
  const volume = new Array<number>(totalDays * SLOTS_PER_DAY).fill(0);
  const dayIndex = new Map<string, number>();
  for (let i = 0; i < totalDays; i++) dayIndex.set(addDays(historyFrom, i), i);
  let answered = 0;
  let handle = 0;
  const recentFrom = new Date(clock.dayStart(addDays(today, -HISTORY_WEEKS * 7))).toISOString();
  for (const r of rows) {
    const p = clock.parts(Date.parse(r.bucket));
    const day = dayIndex.get(`${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`);
    if (day === undefined) continue;
    volume[day * SLOTS_PER_DAY + p.hour * 2 + (p.minute >= 30 ? 1 : 0)] += r.contacts;
    if (r.bucket >= recentFrom) {
      answered += r.answered;
      handle += r.handle;
    }
  }
  const ahtSeconds = answered ? Math.round(handle / answered) : s.ahtTargetSeconds;

  // Backtest: history up to two weeks ago forecasts the two weeks since. Future: all history to today.
  const backtestStart = HISTORY_WEEKS * 7 * SLOTS_PER_DAY;
  const futureStart = backtestStart + BACKTEST_DAYS * SLOTS_PER_DAY;
  const backtest = forecastSeasonal(volume.slice(0, backtestStart), SEASON, BACKTEST_DAYS * SLOTS_PER_DAY);
  const future = forecastSeasonal(
    volume.slice(futureStart - HISTORY_WEEKS * SEASON, futureStart),
    SEASON,
    FUTURE_DAYS * SLOTS_PER_DAY,
  );
  const forecast = [...backtest, ...future];
  const staffed = LIVE_CHANNELS.includes(channel);

  const intervals: ForecastInterval[] = [];
  let futureFrom = -1;
  for (let d = 0; d < BACKTEST_DAYS + FUTURE_DAYS; d++) {
    const date = addDays(backtestFrom, d);
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
      const start = clock.toUtc(date, slot >> 1, (slot & 1) * 30);
      const p = clock.parts(start);
      if (p.hour !== slot >> 1) continue; // a local half hour a DST jump skipped
      const i = d * SLOTS_PER_DAY + slot;
      const f = forecast[i];
      const isFuture = start + 30 * 60_000 > nowMs;
      if (isFuture && futureFrom < 0) futureFrom = intervals.length;
      const staffing = staffed
        ? requiredAgents({
            contacts: f,
            ahtSeconds,
            intervalSeconds: 1800,
            serviceLevelTarget: s.serviceLevelPct / 100,
            serviceLevelSeconds: s.serviceLevelSeconds,
            maxOccupancy: s.maxOccupancyPct / 100,
            shrinkage: s.shrinkagePct / 100,
          })
        : null;
      intervals.push({
        start: new Date(start).toISOString(),
        label: `${date} ${String(slot >> 1).padStart(2, '0')}:${slot & 1 ? '30' : '00'}`,
        actual: isFuture ? null : volume[backtestStart + i],
        forecast: Math.round(f * 10) / 10,
        agents: staffing?.agents ?? null,
        rostered: staffing?.rostered ?? null,
      });
    }
  }
  const pastSlots = BACKTEST_DAYS * SLOTS_PER_DAY;
  let historyWeeks = 0;
  for (let w = 0; w < HISTORY_WEEKS + BACKTEST_DAYS / 7; w++) {
    if (volume.slice(futureStart - (w + 1) * SEASON, futureStart - w * SEASON).some((v) => v > 0)) historyWeeks++;
  }
  const result: CallsForecast = {
    timeZone: settings.timeZone,
    channel,
    intervalMinutes: 30,
    intervals,
    futureFrom: futureFrom < 0 ? intervals.length : futureFrom,
    mape: mape(volume.slice(backtestStart, backtestStart + pastSlots), backtest, MAPE_MIN_VOLUME),
    mapeMinVolume: MAPE_MIN_VOLUME,
    ahtSeconds,
    settings: s,
    historyWeeks,
  };
  return result;
};
