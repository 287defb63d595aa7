import type { TFunction } from 'i18next';
import type { FeeIssue, FeeRuleField } from '../../../../shared/domain/fee-validation';
import { formatRate, type FeeRule } from '../../../../shared/domain/fees';
import { minorToDecimal, parseMoney } from '../../../../shared/domain/money';

/** A rule in the editor grid: the rule plus a stable row id for AG Grid. */
export interface RuleRow extends FeeRule {
  rowId: string;
}

let nextRowId = 1;
export const toRows = (rules: readonly FeeRule[]): RuleRow[] => rules.map((r) => ({ ...r, rowId: `r${nextRowId++}` }));
export const fromRows = (rows: readonly RuleRow[]): FeeRule[] =>
  rows.map(({ operation, channel, segment, definition }) => ({ operation, channel, segment, definition }));

/**
 * Text typed into a money cell → fen. Not-a-number stays NaN so the shared validator
 * reports it on its cell; an empty optional cell is null.
 */
export function parseFen(text: string, optional: boolean): number | null {
  if (text.trim() === '') return optional ? null : NaN;
  return parseMoney(text, 'CNY') ?? NaN;
}

/**
 * Text typed into a percentage cell → ppm, without judging it: "150" becomes 1,500,000
 * and "0.12345" 1234.5, which the validator then refuses with the exact reason.
 */
export function parsePercent(text: string): number {
  const m = /^\s*(-)?(\d{1,9})(?:\.(\d+))?\s*%?\s*$/.exec(text);
  if (!m) return NaN;
  const frac = m[3] ?? '';
  const ppm = Number(m[2]) * 10_000 + Number(`0.${frac || '0'}`) * 10_000;
  const exact = frac.length <= 4 ? Math.round(ppm) : ppm;
  return m[1] ? -exact : exact;
}

export function fenText(minor: number | null): string {
  if (minor === null) return '';
  return Number.isSafeInteger(minor) ? minorToDecimal(minor, 'CNY') : '?';
}

export function percentText(ppm: number): string {
  if (!Number.isFinite(ppm)) return '?';
  if (Number.isInteger(ppm) && ppm >= 0 && ppm <= 1_000_000) return formatRate(ppm);
  return `${ppm / 10_000}%`;
}

/** "Withdrawal · Bank card / transfer · Standard". */
export function ruleLabel(t: TFunction, r: Pick<FeeRule, 'operation' | 'channel' | 'segment'>): string {
  return `${t(`catalog.operation.${r.operation}`)} · ${t(`catalog.channel.${r.channel}`)} · ${t(`catalog.segment.${r.segment}`)}`;
}

/** One issue as a sentence naming the rule and the field, in the UI language. */
export function issueMessage(t: TFunction, rules: readonly FeeRule[], issue: FeeIssue): string {
  const rule = rules[issue.index];
  return t('fees.issue', {
    rule: rule ? ruleLabel(t, rule) : `#${issue.index + 1}`,
    field: t(`fees.fields.${issue.field}`),
    problem: t(`fees.issues.${issue.code}`),
  });
}

/** Issues by row and field, for the grid's cell styling and tooltips. */
export function issueIndex(issues: readonly FeeIssue[]): Map<string, FeeIssue> {
  return new Map(issues.map((i) => [`${i.index}:${i.field}`, i]));
}

export const cellIssue = (index: Map<string, FeeIssue>, row: number, field: FeeRuleField) =>
  index.get(`${row}:${field}`) ?? null;
