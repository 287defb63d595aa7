import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_DEFINITION,
  calculateFee,
  describeRule,
  formatRate,
  parseRatePercent,
  quoteFee,
  type FeeRuleDefinition,
  type MonthToDateUsage,
} from './fees';
import { monthStartIso, nextMonth, zonedMonth } from './time';

const rule = (d: Partial<FeeRuleDefinition>): FeeRuleDefinition => ({ ...EMPTY_DEFINITION, ...d });
const NONE: MonthToDateUsage = { count: 0, amountMinor: 0 };
const AT = '2026-11-15T04:00:00.000Z';

const withdrawal = rule({
  ratePpm: 1000,
  minFeeMinor: 100,
  maxFeeMinor: 2500,
  freeQuota: { kind: 'count', count: 3 },
});
const tiered = rule({
  tiers: [
    { fromMinor: 0, fixedMinor: 1500, ratePpm: 0 },
    { fromMinor: 500_000, fixedMinor: 0, ratePpm: 3000 },
  ],
  maxFeeMinor: 30_000,
});
const promo = rule({
  fixedMinor: 200,
  waivers: [{ from: '2026-11-11T00:00:00.000Z', to: '2026-11-12T00:00:00.000Z', label: 'Double 11' }],
});

describe('calculateFee, table-driven', () => {
  const used = (count: number, amountMinor = 0) => ({ count, amountMinor });
  const cases: [string, FeeRuleDefinition, number, string, MonthToDateUsage, number, string][] = [
    ['fixed only', rule({ fixedMinor: 200 }), 10_000, AT, NONE, 200, 'rule'],
    ['percentage only', rule({ ratePpm: 6000 }), 10_000, AT, NONE, 60, 'rule'],
    ['fixed plus percentage', rule({ fixedMinor: 100, ratePpm: 1000 }), 50_000, AT, NONE, 150, 'rule'],
    ['min cap lifts a small fee', withdrawal, 5_000, AT, used(3), 100, 'min_cap'],
    ['between the caps', withdrawal, 100_000, AT, used(3), 100, 'rule'],
    ['max cap limits a large fee', withdrawal, 10_000_000, AT, used(3), 2500, 'max_cap'],
    ['exactly at the max cap', withdrawal, 2_500_000, AT, used(3), 2500, 'rule'],
    ['tier 1 at 0', tiered, 1, AT, NONE, 1500, 'rule'],
    ['tier 1 just below the boundary', tiered, 499_999, AT, NONE, 1500, 'rule'],
    ['tier 2 at the boundary', tiered, 500_000, AT, NONE, 1500, 'rule'],
    ['tier 2 above the boundary', tiered, 600_000, AT, NONE, 1800, 'rule'],
    ['tier 2 capped', tiered, 100_000_000, AT, NONE, 30_000, 'max_cap'],
    ['free quota: first operation', withdrawal, 100_000, AT, used(0), 0, 'quota'],
    ['free quota: third operation', withdrawal, 100_000, AT, used(2), 0, 'quota'],
    ['free quota: fourth operation pays', withdrawal, 100_000, AT, used(3), 100, 'rule'],
    [
      'amount quota within',
      rule({ ratePpm: 1000, freeQuota: { kind: 'amount', amountMinor: 100_000 } }),
      40_000,
      AT,
      used(5, 60_000),
      0,
      'quota',
    ],
    [
      'amount quota exceeded',
      rule({ ratePpm: 1000, freeQuota: { kind: 'amount', amountMinor: 100_000 } }),
      40_001,
      AT,
      used(5, 60_000),
      40,
      'rule',
    ],
    ['waiver starts (inclusive)', promo, 10_000, '2026-11-11T00:00:00.000Z', NONE, 0, 'waiver'],
    ['waiver just before it starts', promo, 10_000, '2026-11-10T23:59:59.999Z', NONE, 200, 'rule'],
    ['waiver ends (exclusive)', promo, 10_000, '2026-11-12T00:00:00.000Z', NONE, 200, 'rule'],
    ['rounding: 0.5 fen rounds up', rule({ ratePpm: 5000 }), 101, AT, NONE, 1, 'rule'],
    ['rounding: 0.495 fen rounds down', rule({ ratePpm: 4950 }), 100, AT, NONE, 0, 'rule'],
    ['rounding: 0.1234% of ¥12,345.67', rule({ ratePpm: 1234 }), 1_234_567, AT, NONE, 1523, 'rule'],
  ];
  it.each(cases)('%s', (_name, def, amount, at, usage, fee, reason) => {
    const out = calculateFee(def, amount, at, usage);
    expect(out.feeMinor).toBe(fee);
    expect(out.reason).toBe(reason);
  });

  it('refuses an amount below the minimum, and accepts the minimum itself', () => {
    const def = rule({ ratePpm: 1000, minAmountMinor: 1000 });
    expect(calculateFee(def, 999, AT, NONE)).toMatchObject({ kind: 'refused', minAmountMinor: 1000 });
    expect(calculateFee(def, 1000, AT, NONE).kind).toBe('charged');
  });

  it('rounds half-up the same way above 2^53 (BigInt path) as below it', () => {
    expect(calculateFee(rule({ ratePpm: 1_000_000 }), 9_007_199_254, AT, NONE).feeMinor).toBe(9_007_199_254);
    expect(calculateFee(rule({ ratePpm: 500_000 }), 9_007_199_254_741, AT, NONE).feeMinor).toBe(4_503_599_627_371);
  });
});

describe('the free quota resets at the business time zone month boundary', () => {
  it('Shanghai midnight on 1 December is still November in UTC', () => {
    const zone = 'Asia/Shanghai';
    expect(zonedMonth('2026-11-30T15:59:59.000Z', zone)).toBe('2026-11');
    expect(zonedMonth('2026-11-30T16:00:00.000Z', zone)).toBe('2026-12');
    expect(monthStartIso('2026-12', zone)).toBe('2026-11-30T16:00:00.000Z');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });

  it('a withdrawal after local midnight gets a fresh quota', () => {
    const zone = 'Asia/Shanghai';
    // Three withdrawals already in November; the fourth at 00:30 on 1 December (local) is free again.
    const usageFor = (iso: string) => (zonedMonth(iso, zone) === '2026-11' ? { count: 3, amountMinor: 0 } : NONE);
    const late = '2026-11-30T15:30:00.000Z';
    const early = '2026-11-30T16:30:00.000Z';
    expect(calculateFee(withdrawal, 100_000, late, usageFor(late)).feeMinor).toBe(100);
    expect(calculateFee(withdrawal, 100_000, early, usageFor(early)).feeMinor).toBe(0);
  });
});

describe('rule sentences, in both languages', () => {
  const cases: [string, FeeRuleDefinition, string, string, string, string][] = [
    [
      'percentage with caps and a count quota',
      withdrawal,
      'withdrawals',
      '提现',
      '0.1% of the amount, at least ¥1, at most ¥25; the first 3 withdrawals each month are free',
      '金额的 0.1%，最低 ¥1，最高 ¥25；每月前 3 笔提现免费',
    ],
    ['fixed', rule({ fixedMinor: 200 }), '', '', '¥2', '¥2'],
    ['no fee', rule({}), '', '', 'no fee', '免费'],
    [
      'fixed plus percentage',
      rule({ fixedMinor: 150, ratePpm: 1234 }),
      '',
      '',
      '0.1234% of the amount plus ¥1.50',
      '金额的 0.1234% 加 ¥1.50',
    ],
    [
      'tiers',
      tiered,
      '',
      '',
      '¥0 to under ¥5,000: ¥15; from ¥5,000: 0.3% of the amount, at most ¥300',
      '¥0 至 ¥5,000（不含）: ¥15；¥5,000 及以上: 金额的 0.3%，最高 ¥300',
    ],
    [
      'minimum amount and amount quota',
      rule({ ratePpm: 1000, minAmountMinor: 1000, freeQuota: { kind: 'amount', amountMinor: 2_000_000 } }),
      '',
      '',
      '0.1% of the amount; minimum amount ¥10; free up to ¥20,000 a month',
      '金额的 0.1%；最低金额 ¥10；每月 ¥20,000 以内免费',
    ],
    [
      'waiver',
      promo,
      '',
      '',
      '¥2; free during “Double 11” (from 2026-11-11 until 2026-11-12)',
      '¥2；“Double 11”期间免费（2026-11-11 起至 2026-11-12 止）',
    ],
  ];
  it.each(cases)('%s', (_name, def, opEn, opZh, en, zh) => {
    expect(describeRule(def, 'CNY', 'en', opEn)).toBe(en);
    expect(describeRule(def, 'CNY', 'zh', opZh)).toBe(zh);
  });

  it('a quote names the rule, the fee, the net amount and why', () => {
    const rules = [{ operation: 'withdrawal', channel: 'bank', segment: 'standard', definition: withdrawal } as const];
    const q = quoteFee(rules, 'CNY', {
      operation: 'withdrawal',
      channel: 'bank',
      segment: 'standard',
      amountMinor: 100_000,
      atIso: AT,
      usage: { count: 3, amountMinor: 0 },
    });
    expect(q.feeMinor).toBe(100);
    expect(q.netMinor).toBe(100_100);
    expect(q.ruleSentence?.en).toContain('the first 3 withdrawals each month are free');
    expect(q.explanation.en).toBe('Fee ¥1.00: ¥1.00 = 0.1% of ¥1,000.00 (¥1.00).');
    expect(q.explanation.zh).toBe('手续费 ¥1.00：¥1.00 = ¥1,000.00 的 0.1%（¥1.00）。');
    const none = quoteFee(rules, 'CNY', { ...q.rule!, amountMinor: 1, atIso: AT, usage: NONE, channel: 'branch' });
    expect(none.rule).toBeNull();
    expect(none.explanation.zh).toContain('没有收费规则');
  });
});

describe('percentages', () => {
  it('parses up to 4 decimal places between 0 and 100%, exactly', () => {
    expect(parseRatePercent('0.1')).toBe(1000);
    expect(parseRatePercent('0.1234%')).toBe(1234);
    expect(parseRatePercent('100')).toBe(1_000_000);
    expect(parseRatePercent('0.12345')).toBeNull();
    expect(parseRatePercent('100.0001')).toBeNull();
    expect(parseRatePercent('-1')).toBeNull();
    expect(parseRatePercent('abc')).toBeNull();
    expect(formatRate(1234)).toBe('0.1234%');
    expect(formatRate(1_000_000)).toBe('100%');
  });
});

describe('properties', () => {
  const fen = fc.integer({ min: 0, max: 1_000_000_00 });
  const ppm = fc.integer({ min: 0, max: 1_000_000 });
  const tiers = fc
    .uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 3 })
    .chain((bounds) =>
      fc.tuple(
        ...[0, ...bounds.sort((a, b) => a - b)].map((from) =>
          fc.record({ fromMinor: fc.constant(from), fixedMinor: fc.integer({ min: 0, max: 5000 }), ratePpm: ppm }),
        ),
      ),
    );
  const caps = fc
    .tuple(fc.option(fen, { nil: null }), fc.option(fen, { nil: null }))
    .map(([a, b]) => (a !== null && b !== null && a > b ? [b, a] : [a, b]));
  const definition = fc
    .record({
      fixedMinor: fc.integer({ min: 0, max: 5000 }),
      ratePpm: ppm,
      caps,
      tiers: fc.oneof(fc.constant([] as FeeRuleDefinition['tiers']), tiers),
    })
    .map(({ caps: [min, max], ...d }) => rule({ ...d, minFeeMinor: min, maxFeeMinor: max }));
  const usage = fc.record({ count: fc.nat(10), amountMinor: fc.nat(1_000_000) });

  it('the fee is never negative and stays within [min, max] when charged', () => {
    fc.assert(
      fc.property(definition, fen, usage, (def, amount, u) => {
        const out = calculateFee(def, amount, AT, u);
        expect(out.feeMinor).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(out.feeMinor)).toBe(true);
        if (out.kind === 'charged') {
          if (def.minFeeMinor !== null) expect(out.feeMinor).toBeGreaterThanOrEqual(def.minFeeMinor);
          if (def.maxFeeMinor !== null) expect(out.feeMinor).toBeLessThanOrEqual(def.maxFeeMinor);
        }
      }),
    );
  });

  it('within one tier (or no tiers), a larger amount never costs less', () => {
    fc.assert(
      fc.property(definition, fen, fen, (def, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const low = calculateFee(def, lo, AT, NONE);
        const high = calculateFee(def, hi, AT, NONE);
        if (low.kind === 'refused' || high.kind === 'refused' || low.parts.tierIndex !== high.parts.tierIndex) return;
        expect(high.feeMinor).toBeGreaterThanOrEqual(low.feeMinor);
      }),
    );
  });

  it('a waiver never raises a fee', () => {
    fc.assert(
      fc.property(definition, fen, usage, fc.boolean(), (def, amount, u, inside) => {
        const waived = {
          ...def,
          waivers: [{ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', label: 'x' }],
        };
        const at = inside ? AT : '2027-01-15T00:00:00.000Z';
        expect(calculateFee(waived, amount, at, u).feeMinor).toBeLessThanOrEqual(
          calculateFee(def, amount, at, u).feeMinor,
        );
      }),
    );
  });
});
