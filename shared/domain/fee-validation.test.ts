import { describe, expect, it } from 'vitest';
import { diffRules, fieldsToIssues, issuesToFields, validateRules, type FeeIssue } from './fee-validation';
import { EMPTY_DEFINITION, type FeeRule, type FeeRuleDefinition } from './fees';

const validity = { from: '2026-12-01T00:00:00.000Z', to: '2027-06-01T00:00:00.000Z' };
const r = (d: Partial<FeeRuleDefinition>, key: Partial<FeeRule> = {}): FeeRule => ({
  operation: 'withdrawal',
  channel: 'bank',
  segment: 'standard',
  ...key,
  definition: { ...EMPTY_DEFINITION, ...d },
});

describe('validateRules: each failure names the rule and the field', () => {
  const cases: [string, FeeRule[], Omit<FeeIssue, 'index'> | null][] = [
    ['a valid rule', [r({ ratePpm: 1000, minFeeMinor: 100, maxFeeMinor: 2500 })], null],
    ['percentage above 100%', [r({ ratePpm: 1_000_001 })], { field: 'ratePpm', code: 'rate_invalid' }],
    ['negative percentage', [r({ ratePpm: -1 })], { field: 'ratePpm', code: 'rate_invalid' }],
    ['more than 4 decimal places', [r({ ratePpm: 1000.5 })], { field: 'ratePpm', code: 'rate_invalid' }],
    ['min above max', [r({ minFeeMinor: 500, maxFeeMinor: 100 })], { field: 'maxFeeMinor', code: 'min_above_max' }],
    ['negative fixed fee', [r({ fixedMinor: -1 })], { field: 'fixedMinor', code: 'amount_invalid' }],
    ['fractional fen', [r({ minAmountMinor: 10.5 })], { field: 'minAmountMinor', code: 'amount_invalid' }],
    [
      'tiers not from 0',
      [r({ tiers: [{ fromMinor: 100, fixedMinor: 0, ratePpm: 0 }] })],
      { field: 'tiers', code: 'tiers_start' },
    ],
    [
      'tiers with a repeated bound',
      [
        r({
          tiers: [
            { fromMinor: 0, fixedMinor: 0, ratePpm: 0 },
            { fromMinor: 0, fixedMinor: 0, ratePpm: 10 },
          ],
        }),
      ],
      { field: 'tiers', code: 'tiers_order' },
    ],
    [
      'a zero count quota',
      [r({ freeQuota: { kind: 'count', count: 0 } })],
      { field: 'freeQuota', code: 'quota_invalid' },
    ],
    [
      'a waiver ending before it starts',
      [r({ waivers: [{ from: '2027-01-02T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', label: 'x' }] })],
      { field: 'waivers', code: 'waiver_empty' },
    ],
    [
      'a waiver outside the validity',
      [r({ waivers: [{ from: '2026-11-11T00:00:00.000Z', to: '2026-11-12T00:00:00.000Z', label: 'x' }] })],
      { field: 'waivers', code: 'waiver_outside' },
    ],
    ['two rules for the same key', [r({}), r({ fixedMinor: 100 })], { field: 'operation', code: 'overlap' }],
  ];
  it.each(cases)('%s', (_name, rules, expected) => {
    const issues = validateRules(rules, validity);
    if (expected === null) expect(issues).toEqual([]);
    else expect(issues).toContainEqual({ index: rules.length - 1, ...expected });
  });

  it('carries issues across IPC as fields and back', () => {
    const issues = validateRules([r({}), r({ ratePpm: 2_000_000 }, { channel: 'branch' })], validity);
    expect(issuesToFields(issues)).toEqual({ 'rules.1.ratePpm': 'rate_invalid' });
    expect(fieldsToIssues(issuesToFields(issues))).toEqual(issues);
  });
});

describe('diffRules', () => {
  it('lists added, removed and changed rules with the changed fields', () => {
    const before = [r({ ratePpm: 1000 }), r({ fixedMinor: 200 }, { operation: 'transfer' })];
    const after = [r({ ratePpm: 500 }), r({}, { operation: 'top_up', channel: 'branch' })];
    const diff = diffRules(before, after);
    expect(diff.map((d) => [d.key, d.change])).toEqual([
      ['top_up|branch|standard', 'added'],
      ['transfer|bank|standard', 'removed'],
      ['withdrawal|bank|standard', 'changed'],
    ]);
    expect(diff[2].fields).toEqual([{ field: 'ratePpm', before: 1000, after: 500 }]);
  });
});
