import type { FreezeCaseStatus, FreezeReason, IdentityCheck, RiskLevel } from './catalog';

/** What staff may decide on a frozen account (docs/domain.md, "Frozen accounts"). */
export const FREEZE_DECISIONS = ['unfreeze', 'keep_frozen', 'close', 'escalate'] as const;
export type FreezeDecision = (typeof FREEZE_DECISIONS)[number];

/** Reason codes recorded with every decision; a free-text note is always required beside one. */
export const DECISION_REASONS = [
  'identity_verified',
  'customer_confirmed_activity',
  'risk_cleared',
  'documents_pending',
  'fraud_confirmed',
  'customer_requested_closure',
  'needs_specialist',
  'other',
] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

/** Cases still being worked: the queue's default view. */
export const ACTIVE_CASE_STATUSES = [
  'open',
  'in_review',
  'awaiting_second_approval',
  'escalated',
] as const satisfies readonly FreezeCaseStatus[];

/** The active-queue condition as SQL, for the generated `freeze_cases.active` column. */
export const ACTIVE_STATUS_SQL = `status IN (${ACTIVE_CASE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Statuses a first decision may be taken from. */
export const DECIDABLE_STATUSES: readonly FreezeCaseStatus[] = ['open', 'in_review', 'escalated', 'kept_frozen'];

/** The SLA a new case gets, by risk: a high-risk freeze is looked at within hours. */
export const SLA_HOURS: Record<RiskLevel, number> = { high: 4, medium: 24, low: 72 };

/**
 * Identity checks an unfreeze needs: the registered phone and the ID-number tail,
 * plus at least one of the others.
 */
export const REQUIRED_CHECKS: readonly IdentityCheck[] = ['phone', 'id_tail'];
export const EXTRA_CHECKS_NEEDED = 1;

export function identityVerified(done: Iterable<IdentityCheck | string>): boolean {
  const set = new Set(done);
  const extras = [...set].filter((c) => !REQUIRED_CHECKS.includes(c as IdentityCheck)).length;
  return REQUIRED_CHECKS.every((c) => set.has(c)) && extras >= EXTRA_CHECKS_NEEDED;
}

/** Whether a decision waits for a second, different supervisor (four-eyes). */
export function needsSecondApproval(decision: FreezeDecision, risk: RiskLevel): boolean {
  return decision === 'close' || (decision === 'unfreeze' && risk === 'high');
}

export interface UnfreezeFacts {
  reason: FreezeReason;
  status: FreezeCaseStatus;
  checks: Iterable<IdentityCheck | string>;
}

/** Why an unfreeze is refused; each is also an error code of the contract. */
export type UnfreezeBlocker = 'JUDICIAL_FREEZE' | 'CASE_NOT_DECIDABLE' | 'IDENTITY_CHECKS_INCOMPLETE';

/** Why an unfreeze is refused, or null when it may go ahead. Main checks this; SQL triggers back it up. */
export function unfreezeBlocker(facts: UnfreezeFacts): UnfreezeBlocker | null {
  if (facts.reason === 'judicial') return 'JUDICIAL_FREEZE';
  if (!DECIDABLE_STATUSES.includes(facts.status)) return 'CASE_NOT_DECIDABLE';
  if (!identityVerified(facts.checks)) return 'IDENTITY_CHECKS_INCOMPLETE';
  return null;
}

/** Whether the SLA has passed for a case still being worked. */
export function isOverdue(status: FreezeCaseStatus, slaDueAt: string, now: Date): boolean {
  return (ACTIVE_CASE_STATUSES as readonly string[]).includes(status) && slaDueAt < now.toISOString();
}
