import { useMemo } from 'react';
import {
  CALL_INTERVALS,
  MAX_DAYS_FOR_INTERVAL,
  STACK_BY,
  type CallInterval,
  type StackBy,
} from '../../../../shared/contract/calls';
import { ZoneClock, addDays, daysBetween, isDate } from '../../../../shared/domain/business-time';
import {
  CONTACT_CATEGORIES,
  CONTACT_CHANNELS,
  type ContactCategory,
  type ContactChannel,
} from '../../../../shared/domain/catalog';
import { replaceParams, useRoute } from '../../lib/router';

export const PRESETS = ['today', 'yesterday', 'd7', 'd30', 'd90', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
export const TABS = ['dashboard', 'staffing'] as const;
export type Tab = (typeof TABS)[number];

export interface CallsView {
  tab: Tab;
  preset: Preset;
  from: string;
  to: string;
  interval: CallInterval;
  stackBy: StackBy;
  channels: ContactChannel[];
  categories: ContactCategory[];
  compare: boolean;
  forecastChannel: ContactChannel;
}

/** The dates a preset covers, in the business time zone (inclusive). */
export function presetRange(preset: Exclude<Preset, 'custom'>, timeZone: string, now = Date.now()) {
  const today = new ZoneClock(timeZone).date(now);
  const back = { today: 0, yesterday: 1, d7: 6, d30: 29, d90: 89 }[preset];
  return preset === 'yesterday'
    ? { from: addDays(today, -1), to: addDays(today, -1) }
    : { from: addDays(today, -back), to: today };
}

/** The finest interval that keeps a series under ~1,000 points for a range. */
export function fitInterval(interval: CallInterval, days: number): CallInterval {
  return (CALL_INTERVALS.find(
    (i) => CALL_INTERVALS.indexOf(i) >= CALL_INTERVALS.indexOf(interval) && days <= MAX_DAYS_FOR_INTERVAL[i],
  ) ?? 'week') as CallInterval;
}

const DEFAULT_INTERVAL: Record<Preset, CallInterval> = {
  today: '15m',
  yesterday: '15m',
  d7: 'hour',
  d30: 'day',
  d90: 'day',
  custom: 'day',
};

const list = <T extends string>(raw: string | null, allowed: readonly T[]): T[] =>
  (raw ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
const oneOf = <T extends string>(raw: string | null, allowed: readonly T[], fallback: T): T =>
  (allowed as readonly string[]).includes(raw ?? '') ? (raw as T) : fallback;

/**
 * The page's whole view lives in the URL (tab, range, interval, stacking, filters, compare),
 * so a view can be bookmarked, shared and reopened exactly.
 */
export function useCallsView(timeZone: string) {
  const { params } = useRoute();
  const key = params.toString();
  const view = useMemo<CallsView>(() => {
    const preset = oneOf(params.get('range'), PRESETS, 'd30');
    let from = params.get('from') ?? '';
    let to = params.get('to') ?? '';
    if (preset !== 'custom' || !isDate(from) || !isDate(to) || to < from)
      ({ from, to } = presetRange(preset === 'custom' ? 'd30' : preset, timeZone));
    const days = daysBetween(from, to) + 1;
    return {
      tab: oneOf(params.get('tab'), TABS, 'dashboard'),
      preset,
      from,
      to,
      interval: fitInterval(oneOf(params.get('interval'), CALL_INTERVALS, DEFAULT_INTERVAL[preset]), days),
      stackBy: oneOf(params.get('stack'), STACK_BY, 'channel'),
      channels: list(params.get('ch'), CONTACT_CHANNELS),
      categories: list(params.get('cat'), CONTACT_CATEGORIES),
      compare: params.get('compare') === '1',
      forecastChannel: oneOf(params.get('fc'), CONTACT_CHANNELS, 'phone'),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, timeZone]);

  const update = (patch: Partial<CallsView>) => {
    const next = { ...view, ...patch };
    replaceParams({
      tab: next.tab === 'dashboard' ? null : next.tab,
      range: next.preset,
      from: next.preset === 'custom' ? next.from : null,
      to: next.preset === 'custom' ? next.to : null,
      interval: next.interval,
      stack: next.stackBy === 'channel' ? null : next.stackBy,
      ch: next.channels.join(',') || null,
      cat: next.categories.join(',') || null,
      compare: next.compare ? '1' : null,
      fc: next.forecastChannel === 'phone' ? null : next.forecastChannel,
    });
  };
  return { view, update };
}
