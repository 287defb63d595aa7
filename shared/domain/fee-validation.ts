import { MAX_RATE_PPM, ruleKey, type FeeRule, type FeeRuleDefinition } from './fees';

/** Which part of a rule an issue points at: the grid marks that cell. */
export const FEE_RULE_FIELDS = [
  'operation',
  'fixedMinor',
  'ratePpm',
  'minFeeMinor',
  'maxFeeMinor',
  'tiers',
  'minAmountMinor',
  'freeQuota',
  'waivers',
] as const;
export type FeeRuleField = (typeof FEE_RULE_FIELDS)[number];

export const FEE_ISSUE_CODES = [
  'amount_invalid', // not a non-negative whole number of fen
  'rate_invalid', // outside 0–100%, or more than 4 decimal places
  'min_above_max',
  'tiers_start', // the first tier does not start at 0
  'tiers_order', // a tier does not start above the one before: a gap or an overlap
  'quota_invalid',
  'waiver_empty', // a window that ends before it starts
  'waiver_outside', // a window outside the version's validity
  'overlap', // two rules for the same operation × channel × segment
] as const;
export type FeeIssueCode = (typeof FEE_ISSUE_CODES)[number];

export interface FeeIssue {
  index: number;
  field: FeeRuleField;
  code: FeeIssueCode;
}

export interface Validity {
  from: string;
  to: string | null;
}

const isFen = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isFenOrNull = (n: unknown) => n === null || isFen(n);
// Any whole ppm is a percentage with at most 4 decimal places (1 ppm = 0.0001%).
const isRate = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_RATE_PPM;

/** Every problem with one rule's definition; an empty list means it is valid. */
export function validateDefinition(def: FeeRuleDefinition, validity: Validity): Omit<FeeIssue, 'index'>[] {
  const issues: Omit<FeeIssue, 'index'>[] = [];
  const add = (field: FeeRuleField, code: FeeIssueCode) => issues.push({ field, code });
  if (!isFen(def.fixedMinor)) add('fixedMinor', 'amount_invalid');
  if (!isRate(def.ratePpm)) add('ratePpm', 'rate_invalid');
  if (!isFenOrNull(def.minFeeMinor)) add('minFeeMinor', 'amount_invalid');
  if (!isFenOrNull(def.maxFeeMinor)) add('maxFeeMinor', 'amount_invalid');
  if (isFen(def.minFeeMinor) && isFen(def.maxFeeMinor) && (def.minFeeMinor as number) > (def.maxFeeMinor as number))
    add('maxFeeMinor', 'min_above_max');
  if (!isFenOrNull(def.minAmountMinor)) add('minAmountMinor', 'amount_invalid');
  def.tiers.forEach((t, i) => {
    if (!isFen(t.fromMinor) || !isFen(t.fixedMinor)) add('tiers', 'amount_invalid');
    else if (!isRate(t.ratePpm)) add('tiers', 'rate_invalid');
    else if (i === 0 && t.fromMinor !== 0) add('tiers', 'tiers_start');
    else if (i > 0 && t.fromMinor <= def.tiers[i - 1].fromMinor) add('tiers', 'tiers_order');
  });
  const q = def.freeQuota;
  if (
    q &&
    (q.kind === 'count' ? !(Number.isInteger(q.count) && q.count >= 1) : !(isFen(q.amountMinor) && q.amountMinor > 0))
  )
    add('freeQuota', 'quota_invalid');
  for (const w of def.waivers) {
    if (!(w.from < w.to)) add('waivers', 'waiver_empty');
    else if (w.from < validity.from || (validity.to !== null && w.to > validity.to)) add('waivers', 'waiver_outside');
  }
  // One issue per cell is enough to point at it.
  return issues.filter((x, i) => issues.findIndex((y) => y.field === x.field) === i);
}

/** Every problem in a version's rules, including two rules for the same key. */
export function validateRules(rules: readonly FeeRule[], validity: Validity): FeeIssue[] {
  const issues: FeeIssue[] = [];
  const seen = new Map<string, number>();
  rules.forEach((r, index) => {
    for (const issue of validateDefinition(r.definition, validity)) issues.push({ index, ...issue });
    const key = ruleKey(r);
    if (seen.has(key)) issues.push({ index, field: 'operation', code: 'overlap' });
    else seen.set(key, index);
  });
  return issues;
}

/** `rules.3.ratePpm` → `rate_invalid`: the shape AppError fields carry across IPC. */
export function issuesToFields(issues: readonly FeeIssue[]): Record<string, string> {
  return Object.fromEntries(issues.slice(0, 50).map((i) => [`rules.${i.index}.${i.field}`, i.code]));
}

export function fieldsToIssues(fields: Record<string, string> | undefined): FeeIssue[] {
  const out: FeeIssue[] = [];
  for (const [path, code] of Object.entries(fields ?? {})) {
    const m = /^rules\.(\d+)\.(\w+)$/.exec(path);
    if (m) out.push({ index: Number(m[1]), field: m[2] as FeeRuleField, code: code as FeeIssueCode });
  }
  return out;
}

export interface RuleChange {
  key: string;
  operation: FeeRule['operation'];
  channel: FeeRule['channel'];
  segment: FeeRule['segment'];
  change: 'added' | 'removed' | 'changed';
  fields: { field: keyof FeeRuleDefinition; before: unknown; after: unknown }[];
}

/** Rule by rule: what `to` adds, removes and changes relative to `from`. */
export function diffRules(from: readonly FeeRule[], to: readonly FeeRule[]): RuleChange[] {
  const before = new Map(from.map((r) => [ruleKey(r), r]));
  const after = new Map(to.map((r) => [ruleKey(r), r]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: RuleChange[] = [];
  for (const key of keys) {
    const a = before.get(key);
    const b = after.get(key);
    const base = (b ?? a)!;
    const head = { key, operation: base.operation, channel: base.channel, segment: base.segment };
    if (!a) changes.push({ ...head, change: 'added', fields: [] });
    else if (!b) changes.push({ ...head, change: 'removed', fields: [] });
    else {
      const fields = (Object.keys(b.definition) as (keyof FeeRuleDefinition)[])
        .filter((f) => JSON.stringify(a.definition[f]) !== JSON.stringify(b.definition[f]))
        .map((field) => ({ field, before: a.definition[field], after: b.definition[field] }));
      if (fields.length) changes.push({ ...head, change: 'changed', fields });
    }
  }
  return changes;
}
