import type { FreezeCaseStatus, FreezeReason, IdentityCheck, Operation, RiskLevel } from './catalog';

/** What staff may decide on a frozen account (docs/domain.md, "Frozen accounts"). */
export const FREEZE_DECISIONS = ['unfreeze', 'keep_frozen', 'close', 'escalate', 'payout'] as const;
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

/** Cases that hold their account frozen: every status but the two outcomes that end a freeze. */
export const LIVE_CASE_STATUSES = [
  ...ACTIVE_CASE_STATUSES,
  'kept_frozen',
] as const satisfies readonly FreezeCaseStatus[];

/** Statuses a first decision may be taken from. */
export const DECIDABLE_STATUSES: readonly FreezeCaseStatus[] = ['open', 'in_review', 'escalated', 'kept_frozen'];

/** The SLA a new case gets, by risk: a high-risk freeze is looked at within hours. */
export const SLA_HOURS: Record<RiskLevel, number> = { high: 4, medium: 24, low: 72 };

/**
 * How a freeze treats one kind of money movement, from least to most restrictive:
 * it goes ahead; it goes ahead once the approver acknowledges the freeze; it needs
 * a second, different approver (four-eyes); it is refused.
 */
export const FREEZE_EFFECTS = ['allowed', 'acknowledge', 'four_eyes', 'blocked'] as const;
export type FreezeEffect = (typeof FREEZE_EFFECTS)[number];

/**
 * The money movements a freeze rules on:
 * - `credit`: money into the wallet (a refund credited to the balance, a top-up);
 * - `refundToOrigin`: a refund paid back to the outside method that paid (a bank card);
 * - `debit`: money out by the customer (payment, transfer, withdrawal, conversion);
 * - `closurePayout`: staff paying the whole balance to the customer's verified card, on the way to closure;
 * - `closure`: closing the account for good.
 */
export const MONEY_MOVEMENTS = ['credit', 'refundToOrigin', 'debit', 'closurePayout', 'closure'] as const;
export type MoneyMovement = (typeof MONEY_MOVEMENTS)[number];

export interface FreezeRule {
  effects: Record<MoneyMovement, FreezeEffect>;
  /** Staff lift it after the identity checks; an authority's freeze only by its release order. */
  liftedBy: 'staff' | 'authority';
}

const RISK_RULE: FreezeRule = {
  effects: {
    credit: 'allowed',
    refundToOrigin: 'acknowledge',
    debit: 'blocked',
    closurePayout: 'four_eyes',
    closure: 'four_eyes',
  },
  liftedBy: 'staff',
};
/** Takeover and lost-phone freezes protect the customer: no staff payout either, the customer withdraws once unfrozen. */
const PROTECTIVE_RULE: FreezeRule = {
  effects: { ...RISK_RULE.effects, closurePayout: 'blocked' },
  liftedBy: 'staff',
};

/**
 * What each freeze type blocks (docs/domain.md, "What a freeze blocks"; the README prints
 * this table). Main checks it before every money movement and the database triggers of
 * migration 0120 are generated from it, so the two cannot drift apart.
 */
export const FREEZE_RULES: Record<FreezeReason, FreezeRule> = {
  frequent_transfers: RISK_RULE,
  rule_violation: RISK_RULE,
  inaccurate_info: RISK_RULE,
  abnormal_login: PROTECTIVE_RULE,
  customer_request: PROTECTIVE_RULE,
  // A court or regulator's order: nothing leaves, nothing closes; a credit may land unless
  // the order says otherwise, so the approver confirms they checked it.
  judicial: {
    effects: {
      credit: 'acknowledge',
      refundToOrigin: 'blocked',
      debit: 'blocked',
      closurePayout: 'blocked',
      closure: 'blocked',
    },
    liftedBy: 'authority',
  },
};

/** Operations that take money out of the wallet balance. */
export const DEBIT_OPERATIONS = [
  'payment',
  'withdrawal',
  'transfer',
  'cross_border',
  'fx_conversion',
] as const satisfies readonly Operation[];

/** Freeze reasons whose effect on a movement is one of `effects`, for SQL lists and checks. */
export function reasonsWhere(movement: MoneyMovement, ...effects: FreezeEffect[]): FreezeReason[] {
  return (Object.keys(FREEZE_RULES) as FreezeReason[]).filter((r) =>
    effects.includes(FREEZE_RULES[r].effects[movement]),
  );
}

export const reasonsLiftedByAuthority = (): FreezeReason[] =>
  (Object.keys(FREEZE_RULES) as FreezeReason[]).filter((r) => FREEZE_RULES[r].liftedBy === 'authority');

export interface MovementVerdict {
  effect: FreezeEffect;
  /** The freeze reasons that set this effect (the strictest ones). */
  because: FreezeReason[];
}

/**
 * The effect on one movement of every freeze live on an account at once: the strictest
 * wins. An account frozen with no live case on record is treated as needing an acknowledgement.
 */
export function movementVerdict(
  reasons: readonly FreezeReason[],
  movement: MoneyMovement,
  accountFrozen = reasons.length > 0,
): MovementVerdict {
  if (reasons.length === 0) return { effect: accountFrozen ? 'acknowledge' : 'allowed', because: [] };
  const rank = (r: FreezeReason) => FREEZE_EFFECTS.indexOf(FREEZE_RULES[r].effects[movement]);
  const top = Math.max(...reasons.map(rank));
  return { effect: FREEZE_EFFECTS[top], because: [...new Set(reasons.filter((r) => rank(r) === top))] };
}

/** The error a refused movement gets: an authority's freeze says so by name. */
export function blockedCode(because: readonly FreezeReason[]): 'JUDICIAL_FREEZE' | 'FREEZE_BLOCKS_PAYOUT' {
  return because.some((r) => FREEZE_RULES[r].liftedBy === 'authority') ? 'JUDICIAL_FREEZE' : 'FREEZE_BLOCKS_PAYOUT';
}

/** A refund to the wallet balance is a credit; to the card (or other method) that paid, a refund to origin. */
export function refundMovement(paymentMethod: string): MoneyMovement {
  return paymentMethod === 'balance' ? 'credit' : 'refundToOrigin';
}

export interface RefundVerdict extends MovementVerdict {
  movement: MoneyMovement;
}

/** What the freezes on a transaction's account say about refunding it. */
export function refundVerdict(
  liveReasons: readonly FreezeReason[],
  accountFrozen: boolean,
  paymentMethod: string,
): RefundVerdict {
  const movement = refundMovement(paymentMethod);
  return { movement, ...movementVerdict(liveReasons, movement, accountFrozen) };
}

/** Why a refund step is refused: blocked outright, or a warning the approver has not acknowledged. */
export function refundBlocker(
  v: MovementVerdict,
  acknowledged: boolean,
): 'JUDICIAL_FREEZE' | 'FREEZE_BLOCKS_PAYOUT' | 'FREEZE_WARNING_NOT_ACKNOWLEDGED' | null {
  if (v.effect === 'blocked') return blockedCode(v.because);
  if (v.effect !== 'allowed' && !acknowledged) return 'FREEZE_WARNING_NOT_ACKNOWLEDGED';
  return null;
}

/**
 * Identity checks an unfreeze or a payout needs: the registered phone and the ID-number
 * tail, plus at least one of the others.
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
  return decision === 'close' || decision === 'payout' || (decision === 'unfreeze' && risk === 'high');
}

/** Whether the SLA has passed for a case still being worked. */
export function isOverdue(status: FreezeCaseStatus, slaDueAt: string, now: Date): boolean {
  return (ACTIVE_CASE_STATUSES as readonly string[]).includes(status) && slaDueAt < now.toISOString();
}
