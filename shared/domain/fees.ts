import { applyRatePpm, formatMoney, type CurrencyCode } from './money';
import type { Channel, Operation, Segment } from './catalog';

/**
 * A tier applies its own fixed fee and rate to the whole amount when the amount
 * falls in [fromMinor, next tier's fromMinor). Tiers start at 0 with no gaps; only
 * the last is open-ended (that follows from listing only the lower bounds).
 */
export interface FeeTier {
  fromMinor: number;
  fixedMinor: number;
  ratePpm: number;
}

export type FreeQuota = { kind: 'count'; count: number } | { kind: 'amount'; amountMinor: number };

export interface FeeWaiver {
  from: string; // UTC ISO instant, inclusive
  to: string; // exclusive
  label: string;
}

/** One rule's definition, as stored in fee_rules.definition_json. Rates are parts per million (0.1% = 1000). */
export interface FeeRuleDefinition {
  fixedMinor: number;
  ratePpm: number;
  minFeeMinor: number | null;
  maxFeeMinor: number | null;
  tiers: FeeTier[];
  minAmountMinor: number | null;
  freeQuota: FreeQuota | null;
  waivers: FeeWaiver[];
}

export interface FeeRule {
  operation: Operation;
  channel: Channel;
  segment: Segment;
  definition: FeeRuleDefinition;
}

export interface MonthToDateUsage {
  /** Operations of this kind already made this calendar month (business time zone). */
  count: number;
  amountMinor: number;
}

export type FeeOutcome =
  | { kind: 'charged'; feeMinor: number; baseFeeMinor: number; reason: 'rule' | 'min_cap' | 'max_cap' }
  | { kind: 'free'; feeMinor: 0; baseFeeMinor: number; reason: 'quota' | 'waiver'; waiver?: string }
  | { kind: 'refused'; feeMinor: 0; reason: 'below_minimum'; minAmountMinor: number };

export const EMPTY_DEFINITION: FeeRuleDefinition = {
  fixedMinor: 0,
  ratePpm: 0,
  minFeeMinor: null,
  maxFeeMinor: null,
  tiers: [],
  minAmountMinor: null,
  freeQuota: null,
  waivers: [],
};

/**
 * The one fee calculation: real transactions, the demo generator, the preview
 * calculator and the impact simulation all call this. Integer fen, half-up.
 */
export function calculateFee(
  def: FeeRuleDefinition,
  amountMinor: number,
  atIso: string,
  usage: MonthToDateUsage,
): FeeOutcome {
  if (def.minAmountMinor !== null && amountMinor < def.minAmountMinor) {
    return { kind: 'refused', feeMinor: 0, reason: 'below_minimum', minAmountMinor: def.minAmountMinor };
  }
  const tier = pickTier(def.tiers, amountMinor);
  const fixed = tier ? tier.fixedMinor : def.fixedMinor;
  const rate = tier ? tier.ratePpm : def.ratePpm;
  const raw = fixed + applyRatePpm(amountMinor, rate);
  let fee = raw;
  let reason: 'rule' | 'min_cap' | 'max_cap' = 'rule';
  if (def.minFeeMinor !== null && fee < def.minFeeMinor) {
    fee = def.minFeeMinor;
    reason = 'min_cap';
  }
  if (def.maxFeeMinor !== null && fee > def.maxFeeMinor) {
    fee = def.maxFeeMinor;
    reason = 'max_cap';
  }
  const waiver = def.waivers.find((w) => atIso >= w.from && atIso < w.to);
  if (waiver) return { kind: 'free', feeMinor: 0, baseFeeMinor: fee, reason: 'waiver', waiver: waiver.label };
  if (def.freeQuota) {
    const within =
      def.freeQuota.kind === 'count'
        ? usage.count < def.freeQuota.count
        : usage.amountMinor + amountMinor <= def.freeQuota.amountMinor;
    if (within) return { kind: 'free', feeMinor: 0, baseFeeMinor: fee, reason: 'quota' };
  }
  return { kind: 'charged', feeMinor: fee, baseFeeMinor: fee, reason };
}

function pickTier(tiers: FeeTier[], amountMinor: number): FeeTier | null {
  let found: FeeTier | null = null;
  for (const t of tiers) if (amountMinor >= t.fromMinor) found = t;
  return found;
}

/** "0.1%" from 1000 ppm: up to 4 decimal places, no trailing zeros. */
export function formatRate(ratePpm: number): string {
  const s = (ratePpm / 10_000).toFixed(4).replace(/\.?0+$/, '');
  return `${s}%`;
}

/**
 * The rule as one exact sentence, e.g. "0.1% of the amount, at least ¥1.00, at most ¥25.00".
 */
export function describeRule(
  def: FeeRuleDefinition,
  currency: CurrencyCode,
  lang: 'en' | 'zh',
  operationLabel = '',
): string {
  const m = (minor: number) => formatMoney(minor, currency, lang === 'en' ? 'en-US' : 'zh-CN');
  const part = (fixed: number, rate: number) => {
    const bits: string[] = [];
    if (rate > 0) bits.push(lang === 'en' ? `${formatRate(rate)} of the amount` : `金额的 ${formatRate(rate)}`);
    if (fixed > 0 || rate === 0) bits.push(m(fixed));
    return bits.join(lang === 'en' ? ' plus ' : ' 加 ');
  };
  const parts: string[] = [];
  if (def.tiers.length) {
    parts.push(
      def.tiers
        .map((t, i) => {
          const to = def.tiers[i + 1]?.fromMinor;
          const range =
            lang === 'en'
              ? to === undefined
                ? `from ${m(t.fromMinor)}`
                : `${m(t.fromMinor)} to under ${m(to)}`
              : to === undefined
                ? `${m(t.fromMinor)} 及以上`
                : `${m(t.fromMinor)} 至 ${m(to)}（不含）`;
          return `${range}: ${part(t.fixedMinor, t.ratePpm)}`;
        })
        .join(lang === 'en' ? '; ' : '；'),
    );
  } else parts.push(part(def.fixedMinor, def.ratePpm));
  if (def.minFeeMinor !== null)
    parts.push(lang === 'en' ? `at least ${m(def.minFeeMinor)}` : `最低 ${m(def.minFeeMinor)}`);
  if (def.maxFeeMinor !== null)
    parts.push(lang === 'en' ? `at most ${m(def.maxFeeMinor)}` : `最高 ${m(def.maxFeeMinor)}`);
  let sentence = parts.join(lang === 'en' ? ', ' : '，');
  const extra: string[] = [];
  if (def.minAmountMinor !== null)
    extra.push(lang === 'en' ? `minimum amount ${m(def.minAmountMinor)}` : `最低金额 ${m(def.minAmountMinor)}`);
  if (def.freeQuota?.kind === 'count')
    extra.push(
      lang === 'en'
        ? `the first ${def.freeQuota.count} ${operationLabel || 'operations'} each month are free`
        : `每月前 ${def.freeQuota.count} 笔${operationLabel}免费`,
    );
  if (def.freeQuota?.kind === 'amount')
    extra.push(
      lang === 'en'
        ? `free up to ${m(def.freeQuota.amountMinor)} a month`
        : `每月 ${m(def.freeQuota.amountMinor)} 以内免费`,
    );
  if (extra.length) sentence += (lang === 'en' ? '; ' : '；') + extra.join(lang === 'en' ? '; ' : '；');
  return sentence;
}
