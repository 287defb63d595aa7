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

/** How the base fee was built, before any quota or waiver: fixed part + rounded percentage part. */
export interface FeeParts {
  tierIndex: number | null;
  fixedMinor: number;
  ratePpm: number;
  percentMinor: number;
}

export type FeeOutcome =
  | { kind: 'charged'; feeMinor: number; baseFeeMinor: number; reason: 'rule' | 'min_cap' | 'max_cap'; parts: FeeParts }
  | { kind: 'free'; feeMinor: 0; baseFeeMinor: number; reason: 'quota' | 'waiver'; waiver?: string; parts: FeeParts }
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

/** 100% in parts per million: the largest rate a rule may carry. */
export const MAX_RATE_PPM = 1_000_000;

/**
 * A fee's working, written in place by workFee: the impact simulation prices millions of
 * rows with one of these, without an object a row; calculateFee turns it into a FeeOutcome.
 */
export interface FeeWorking {
  kind: FeeOutcome['kind'];
  tierIndex: number | null;
  fixedMinor: number;
  ratePpm: number;
  percentMinor: number;
  /** The fee before any waiver or quota. */
  baseFeeMinor: number;
  /** Why the base fee is what it is. */
  capped: 'rule' | 'min_cap' | 'max_cap';
  /** Why a free fee is free; null unless kind is 'free'. */
  free: 'quota' | 'waiver' | null;
  waiver: string | null;
}

export const newFeeWorking = (): FeeWorking => ({
  kind: 'charged',
  tierIndex: null,
  fixedMinor: 0,
  ratePpm: 0,
  percentMinor: 0,
  baseFeeMinor: 0,
  capped: 'rule',
  free: null,
  waiver: null,
});

/**
 * The one fee calculation: real transactions, the demo generator, the preview
 * calculator and the impact simulation all call this (through calculateFee, or directly
 * where millions of rows are priced). Integer fen, half-up.
 * Order: minimum amount → tier → fixed + rate → min cap → max cap → waiver → free quota.
 * Returns the fee charged (0 when refused or free) and writes how it was reached into `w`.
 */
export function workFee(
  def: FeeRuleDefinition,
  amountMinor: number,
  atIso: string,
  usage: MonthToDateUsage,
  w: FeeWorking,
): number {
  w.free = null;
  w.waiver = null;
  if (def.minAmountMinor !== null && amountMinor < def.minAmountMinor) {
    w.kind = 'refused';
    return 0;
  }
  const tierIndex = pickTier(def.tiers, amountMinor);
  const tier = tierIndex === null ? null : def.tiers[tierIndex];
  const fixed = tier ? tier.fixedMinor : def.fixedMinor;
  const rate = tier ? tier.ratePpm : def.ratePpm;
  const percent = applyRatePpm(amountMinor, rate);
  w.tierIndex = tierIndex;
  w.fixedMinor = fixed;
  w.ratePpm = rate;
  w.percentMinor = percent;
  let fee = fixed + percent;
  w.capped = 'rule';
  if (def.minFeeMinor !== null && fee < def.minFeeMinor) {
    fee = def.minFeeMinor;
    w.capped = 'min_cap';
  }
  if (def.maxFeeMinor !== null && fee > def.maxFeeMinor) {
    fee = def.maxFeeMinor;
    w.capped = 'max_cap';
  }
  w.baseFeeMinor = fee;
  for (const waiver of def.waivers) {
    if (atIso >= waiver.from && atIso < waiver.to) {
      w.kind = 'free';
      w.free = 'waiver';
      w.waiver = waiver.label;
      return 0;
    }
  }
  if (def.freeQuota) {
    const within =
      def.freeQuota.kind === 'count'
        ? usage.count < def.freeQuota.count
        : usage.amountMinor + amountMinor <= def.freeQuota.amountMinor;
    if (within) {
      w.kind = 'free';
      w.free = 'quota';
      return 0;
    }
  }
  w.kind = 'charged';
  return fee;
}

/** workFee's result as an outcome, with its parts: what the preview and the ledger show. */
export function calculateFee(
  def: FeeRuleDefinition,
  amountMinor: number,
  atIso: string,
  usage: MonthToDateUsage,
): FeeOutcome {
  const w = newFeeWorking();
  const fee = workFee(def, amountMinor, atIso, usage, w);
  if (w.kind === 'refused') {
    return { kind: 'refused', feeMinor: 0, reason: 'below_minimum', minAmountMinor: def.minAmountMinor! };
  }
  const parts: FeeParts = {
    tierIndex: w.tierIndex,
    fixedMinor: w.fixedMinor,
    ratePpm: w.ratePpm,
    percentMinor: w.percentMinor,
  };
  if (w.free === 'waiver') {
    return { kind: 'free', feeMinor: 0, baseFeeMinor: w.baseFeeMinor, reason: 'waiver', waiver: w.waiver!, parts };
  }
  if (w.free === 'quota') return { kind: 'free', feeMinor: 0, baseFeeMinor: w.baseFeeMinor, reason: 'quota', parts };
  return { kind: 'charged', feeMinor: fee, baseFeeMinor: fee, reason: w.capped, parts };
}

function pickTier(tiers: FeeTier[], amountMinor: number): number | null {
  let found: number | null = null;
  for (let i = 0; i < tiers.length; i++) if (amountMinor >= tiers[i].fromMinor) found = i;
  return found;
}

export function ruleKey(r: { operation: string; channel: string; segment: string }): string {
  return `${r.operation}|${r.channel}|${r.segment}`;
}

export type Lang = 'en' | 'zh';
export type Bilingual = Record<Lang, string>;

export interface QuoteInput {
  operation: Operation;
  channel: Channel;
  segment: Segment;
  amountMinor: number;
  atIso: string;
  usage: MonthToDateUsage;
}

export interface FeeQuote {
  /** The rule that matched, or null when the version has none for this key (no fee). */
  rule: FeeRule | null;
  outcome: FeeOutcome | null;
  feeMinor: number;
  /** Top-up: what reaches the wallet (amount − fee). Any debit: what leaves it (amount + fee). */
  netMinor: number;
  netKind: 'credited' | 'debited';
  /** The matched rule written out, in both languages. */
  ruleSentence: Bilingual | null;
  /** Why this fee, in both languages. */
  explanation: Bilingual;
}

/** Plural names for the free-quota sentence: "the first 3 withdrawals each month are free". */
export const OPERATION_PLURALS: Record<Operation, Bilingual> = {
  top_up: { en: 'top-ups', zh: '充值' },
  payment: { en: 'payments', zh: '支付' },
  withdrawal: { en: 'withdrawals', zh: '提现' },
  transfer: { en: 'transfers', zh: '转账' },
  cross_border: { en: 'cross-border transfers', zh: '跨境转账' },
  fx_conversion: { en: 'currency conversions', zh: '货币兑换' },
};

/**
 * A whole quote from a version's rules: finds the rule for operation × channel ×
 * segment, runs calculateFee, and explains the result. The preview calls this.
 */
export function quoteFee(rules: readonly FeeRule[], currency: CurrencyCode, q: QuoteInput, timeZone = 'UTC'): FeeQuote {
  const rule = rules.find((r) => r.operation === q.operation && r.channel === q.channel && r.segment === q.segment);
  const outcome = rule ? calculateFee(rule.definition, q.amountMinor, q.atIso, q.usage) : null;
  const feeMinor = outcome?.feeMinor ?? 0;
  const netKind = q.operation === 'top_up' ? 'credited' : 'debited';
  const refused = outcome?.kind === 'refused';
  return {
    rule: rule ?? null,
    outcome,
    feeMinor,
    netMinor: refused ? 0 : netKind === 'credited' ? q.amountMinor - feeMinor : q.amountMinor + feeMinor,
    netKind,
    ruleSentence: rule
      ? {
          en: describeRule(rule.definition, currency, 'en', OPERATION_PLURALS[q.operation].en, timeZone),
          zh: describeRule(rule.definition, currency, 'zh', OPERATION_PLURALS[q.operation].zh, timeZone),
        }
      : null,
    explanation: {
      en: explainOutcome(outcome, q.amountMinor, currency, 'en'),
      zh: explainOutcome(outcome, q.amountMinor, currency, 'zh'),
    },
  };
}

/** "0.1%" from 1000 ppm: up to 4 decimal places, no trailing zeros. */
export function formatRate(ratePpm: number): string {
  const whole = Math.floor(ratePpm / 10_000);
  const frac = String(ratePpm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/**
 * "0.1" or "0.1%" → 1000 ppm. A percentage is between 0 and 100 with at most 4
 * decimal places; anything else is null. Parsed as text so no float rounds it.
 */
export function parseRatePercent(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{0,4}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return ppm <= MAX_RATE_PPM ? ppm : null;
}

function money(lang: Lang, currency: CurrencyCode) {
  return (minor: number) => formatMoney(minor, currency, lang === 'en' ? 'en-US' : 'zh-CN');
}

/** Why a fee came out as it did, e.g. "¥1.00 = 0.1% of ¥1,000.00 (¥1.00), raised to the minimum ¥1.00". */
export function explainOutcome(outcome: FeeOutcome | null, amountMinor: number, currency: CurrencyCode, lang: Lang) {
  const m = money(lang, currency);
  const en = lang === 'en';
  if (!outcome)
    return en ? 'No fee: no rule for this operation, channel and segment.' : '免费：此业务、渠道和客群没有收费规则。';
  if (outcome.kind === 'refused') {
    return en
      ? `Refused: the amount is below the minimum of ${m(outcome.minAmountMinor)}.`
      : `拒绝：金额低于最低金额 ${m(outcome.minAmountMinor)}。`;
  }
  const p = outcome.parts;
  const bits: string[] = [];
  if (p.fixedMinor > 0 || p.ratePpm === 0) bits.push(m(p.fixedMinor));
  if (p.ratePpm > 0)
    bits.push(
      en
        ? `${formatRate(p.ratePpm)} of ${m(amountMinor)} (${m(p.percentMinor)})`
        : `${m(amountMinor)} 的 ${formatRate(p.ratePpm)}（${m(p.percentMinor)}）`,
    );
  let base = `${m(p.fixedMinor + p.percentMinor)} = ${bits.join(' + ')}`;
  if (outcome.kind === 'charged' && outcome.reason === 'min_cap')
    base += en ? `, raised to the minimum ${m(outcome.feeMinor)}` : `，提高到最低 ${m(outcome.feeMinor)}`;
  if (outcome.kind === 'charged' && outcome.reason === 'max_cap')
    base += en ? `, capped at ${m(outcome.feeMinor)}` : `，封顶 ${m(outcome.feeMinor)}`;
  if (outcome.kind === 'charged')
    return en ? `Fee ${m(outcome.feeMinor)}: ${base}.` : `手续费 ${m(outcome.feeMinor)}：${base}。`;
  const why =
    outcome.reason === 'waiver'
      ? en
        ? `promotion “${outcome.waiver}”`
        : `优惠活动“${outcome.waiver}”`
      : en
        ? 'within this month’s free quota'
        : '在本月免费额度内';
  return en
    ? `Free (${why}); without it the fee would be ${m(outcome.baseFeeMinor)}.`
    : `免费（${why}）；否则手续费为 ${m(outcome.baseFeeMinor)}。`;
}

/**
 * The rule as one exact sentence, e.g. "0.1% of the amount, at least ¥1.00, at most ¥25.00;
 * the first 3 withdrawals each month are free".
 */
export function describeRule(
  def: FeeRuleDefinition,
  currency: CurrencyCode,
  lang: Lang,
  operationLabel = '',
  timeZone = 'UTC',
): string {
  const en = lang === 'en';
  // Whole amounts without ".00" ("at least ¥1"), as a person would write the rule down.
  const m = (minor: number) => money(lang, currency)(minor).replace(/\.00$/, '');
  const day = (iso: string) => new Date(iso).toLocaleDateString('en-CA', { timeZone });
  const part = (fixed: number, rate: number) => {
    const bits: string[] = [];
    if (rate > 0) bits.push(en ? `${formatRate(rate)} of the amount` : `金额的 ${formatRate(rate)}`);
    if (fixed > 0 || rate === 0) bits.push(rate === 0 && fixed === 0 ? (en ? 'no fee' : '免费') : m(fixed));
    return bits.join(en ? ' plus ' : ' 加 ');
  };
  const parts: string[] = [];
  if (def.tiers.length) {
    parts.push(
      def.tiers
        .map((t, i) => {
          const to = def.tiers[i + 1]?.fromMinor;
          const range = en
            ? to === undefined
              ? `from ${m(t.fromMinor)}`
              : `${m(t.fromMinor)} to under ${m(to)}`
            : to === undefined
              ? `${m(t.fromMinor)} 及以上`
              : `${m(t.fromMinor)} 至 ${m(to)}（不含）`;
          return `${range}: ${part(t.fixedMinor, t.ratePpm)}`;
        })
        .join(en ? '; ' : '；'),
    );
  } else parts.push(part(def.fixedMinor, def.ratePpm));
  if (def.minFeeMinor !== null) parts.push(en ? `at least ${m(def.minFeeMinor)}` : `最低 ${m(def.minFeeMinor)}`);
  if (def.maxFeeMinor !== null) parts.push(en ? `at most ${m(def.maxFeeMinor)}` : `最高 ${m(def.maxFeeMinor)}`);
  let sentence = parts.join(en ? ', ' : '，');
  const extra: string[] = [];
  if (def.minAmountMinor !== null)
    extra.push(en ? `minimum amount ${m(def.minAmountMinor)}` : `最低金额 ${m(def.minAmountMinor)}`);
  if (def.freeQuota?.kind === 'count') {
    const n = def.freeQuota.count;
    extra.push(
      en
        ? `the first ${n === 1 ? '' : `${n} `}${operationLabel || 'operations'} each month ${n === 1 ? 'is' : 'are'} free`
        : `每月前 ${n} 笔${operationLabel}免费`,
    );
  }
  if (def.freeQuota?.kind === 'amount')
    extra.push(
      en ? `free up to ${m(def.freeQuota.amountMinor)} a month` : `每月 ${m(def.freeQuota.amountMinor)} 以内免费`,
    );
  for (const w of def.waivers)
    extra.push(
      en
        ? `free during “${w.label}” (from ${day(w.from)} until ${day(w.to)})`
        : `“${w.label}”期间免费（${day(w.from)} 起至 ${day(w.to)} 止）`,
    );
  if (extra.length) sentence += (en ? '; ' : '；') + extra.join(en ? '; ' : '；');
  return sentence;
}
