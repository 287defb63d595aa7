import type { ContactChannel } from './catalog';

/**
 * KPI formulas over rollup sums (docs/domain.md, "Contacts and call volumes"). Pure: the dashboard, the
 * drill-down and the tests all compute a figure the same way from the same sums.
 */

/** Service-level thresholds the rollups keep a counter for (answered within t seconds). */
export const SL_THRESHOLDS = [10, 15, 20, 30, 45, 60] as const;
export type SlThreshold = (typeof SL_THRESHOLDS)[number];
/** Short-abandon thresholds the rollups keep a counter for (abandoned in under t seconds); 0 = none excluded. */
export const SHORT_ABANDON_THRESHOLDS = [0, 3, 5, 10, 15] as const;
export type ShortAbandonThreshold = (typeof SHORT_ABANDON_THRESHOLDS)[number];

/**
 * Queue-time targets only mean something for contacts that wait live. Email and social
 * messages wait hours by design, so service level, ASA and abandonment are computed over
 * phone and chat; volume, AHT, resolution and escalation cover every channel.
 */
export const LIVE_CHANNELS: readonly ContactChannel[] = ['phone', 'chat'];

export interface CallSettings {
  serviceLevelPct: number;
  serviceLevelSeconds: SlThreshold;
  shortAbandonSeconds: ShortAbandonThreshold;
  shrinkagePct: number;
  maxOccupancyPct: number;
  asaTargetSeconds: number;
  abandonTargetPct: number;
  ahtTargetSeconds: number;
  fcrTargetPct: number;
  escalationTargetPct: number;
}

export const DEFAULT_CALL_SETTINGS: CallSettings = {
  serviceLevelPct: 80,
  serviceLevelSeconds: 20,
  shortAbandonSeconds: 5,
  shrinkagePct: 30,
  maxOccupancyPct: 85,
  asaTargetSeconds: 30,
  abandonTargetPct: 5,
  ahtTargetSeconds: 360,
  fcrTargetPct: 80,
  escalationTargetPct: 10,
};

/** What the rollups sum, already reduced to the configured thresholds. */
export interface ContactSums {
  offered: number;
  handled: number;
  handleSeconds: number;
  resolved: number;
  escalated: number;
  liveOffered: number;
  liveAnswered: number;
  liveWithinTarget: number;
  liveAnsweredQueueSeconds: number;
  liveAbandoned: number;
  liveShortAbandoned: number;
  liveCallbacks: number;
}

export function emptySums(): ContactSums {
  // A literal, not Object.fromEntries: the dashboard makes one per interval.
  return {
    offered: 0,
    handled: 0,
    handleSeconds: 0,
    resolved: 0,
    escalated: 0,
    liveOffered: 0,
    liveAnswered: 0,
    liveWithinTarget: 0,
    liveAnsweredQueueSeconds: 0,
    liveAbandoned: 0,
    liveShortAbandoned: 0,
    liveCallbacks: 0,
  };
}

export interface Kpis {
  volume: number;
  /** answered within the threshold ÷ (offered − short abandons); live channels */
  serviceLevel: number | null;
  /** queue seconds of answered contacts ÷ answered; live channels */
  asaSeconds: number | null;
  /** (abandoned − short abandons) ÷ (offered − short abandons − callbacks); live channels */
  abandonRate: number | null;
  /** (talk + hold + after-call work) ÷ handled contacts */
  ahtSeconds: number | null;
  /** resolved ÷ handled: first-contact resolution */
  fcr: number | null;
  /** escalated ÷ handled */
  escalationRate: number | null;
}

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

export function contactKpis(s: ContactSums): Kpis {
  const slBase = s.liveOffered - s.liveShortAbandoned;
  return {
    volume: s.offered,
    serviceLevel: ratio(s.liveWithinTarget, slBase),
    asaSeconds: ratio(s.liveAnsweredQueueSeconds, s.liveAnswered),
    abandonRate: ratio(s.liveAbandoned - s.liveShortAbandoned, slBase - s.liveCallbacks),
    ahtSeconds: ratio(s.handleSeconds, s.handled),
    fcr: ratio(s.resolved, s.handled),
    escalationRate: ratio(s.escalated, s.handled),
  };
}

/** Relative change against the previous period; null when there is nothing to compare with. */
export function trend(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}

export type KpiName = keyof Kpis;
/** Whether a rise is good news: drives the colour of the trend arrow. */
export const HIGHER_IS_BETTER: Record<KpiName, boolean | null> = {
  volume: null,
  serviceLevel: true,
  asaSeconds: false,
  abandonRate: false,
  ahtSeconds: false,
  fcr: true,
  escalationRate: false,
};

/** Each KPI's target from the settings (volume has none: it is demand, not a goal). */
export function kpiTargets(s: CallSettings): Record<KpiName, number | null> {
  return {
    volume: null,
    serviceLevel: s.serviceLevelPct / 100,
    asaSeconds: s.asaTargetSeconds,
    abandonRate: s.abandonTargetPct / 100,
    ahtSeconds: s.ahtTargetSeconds,
    fcr: s.fcrTargetPct / 100,
    escalationRate: s.escalationTargetPct / 100,
  };
}

export function meetsTarget(name: KpiName, value: number | null, target: number | null): boolean | null {
  if (value === null || target === null || HIGHER_IS_BETTER[name] === null) return null;
  return HIGHER_IS_BETTER[name] ? value >= target : value <= target;
}
