import type { FreezeCaseStatus, FreezeReason, RiskLevel } from './catalog';
import {
  blockedCode,
  DECIDABLE_STATUSES,
  FREEZE_DECISIONS,
  FREEZE_RULES,
  identityVerified,
  movementVerdict,
  type FreezeDecision,
} from './freeze';

/**
 * Everything an operator can do on a case. Main decides with these functions whether an
 * action goes ahead, and sends the same verdicts with the case, so the drawer offers
 * only what main would accept.
 */
export const CASE_ACTIONS = ['claim', 'release', 'assign', 'check', ...FREEZE_DECISIONS, 'approve', 'reject'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Why an action is refused; each is an error code of the contract. */
export type CaseBlocker =
  | 'FORBIDDEN'
  | 'CASE_NOT_DECIDABLE'
  | 'CASE_OWNED_BY_OTHER'
  | 'JUDICIAL_FREEZE'
  | 'FREEZE_BLOCKS_PAYOUT'
  | 'IDENTITY_CHECKS_INCOMPLETE'
  | 'BALANCE_NOT_ZERO'
  | 'NO_VERIFIED_CARD'
  | 'MAKER_CANNOT_APPROVE';

export interface CaseFacts {
  reason: FreezeReason;
  risk: RiskLevel;
  status: FreezeCaseStatus;
  ownerId: number | null;
  makerId: number | null;
  decision: FreezeDecision | null;
  balanceMinor: number;
  hasVerifiedCard: boolean;
  checks: Iterable<string>;
  /** Reasons of the other cases that also hold this account frozen: the strictest freeze wins. */
  otherLiveReasons: readonly FreezeReason[];
}

export interface CaseViewer {
  operatorId: number;
  /** Holds frozen.work: may claim and decide. */
  mayWork: boolean;
  /** Holds frozen.approve: a supervisor, the second pair of eyes. */
  mayApprove: boolean;
}

/** Whether this operator may work the case at all: its status, escalation, and who owns it. */
export function workBlocker(c: CaseFacts, v: CaseViewer): CaseBlocker | null {
  if (!v.mayWork) return 'FORBIDDEN';
  if (!DECIDABLE_STATUSES.includes(c.status)) return 'CASE_NOT_DECIDABLE';
  if (c.status === 'escalated' && !v.mayApprove) return 'FORBIDDEN';
  if (c.ownerId !== null && c.ownerId !== v.operatorId && !v.mayApprove) return 'CASE_OWNED_BY_OTHER';
  return null;
}

/** The rules of an outcome itself, whoever takes it: checked at the decision and again at its approval. */
export function outcomeBlocker(decision: FreezeDecision, c: CaseFacts): CaseBlocker | null {
  const reasons = [c.reason, ...c.otherLiveReasons];
  switch (decision) {
    case 'unfreeze':
      if (FREEZE_RULES[c.reason].liftedBy === 'authority') return 'JUDICIAL_FREEZE';
      return identityVerified(c.checks) ? null : 'IDENTITY_CHECKS_INCOMPLETE';
    case 'close': {
      const verdict = movementVerdict(reasons, 'closure');
      if (verdict.effect === 'blocked') return blockedCode(verdict.because);
      return c.balanceMinor > 0 ? 'BALANCE_NOT_ZERO' : null;
    }
    case 'payout': {
      const verdict = movementVerdict(reasons, 'closurePayout');
      if (verdict.effect === 'blocked') return blockedCode(verdict.because);
      if (c.balanceMinor <= 0) return 'CASE_NOT_DECIDABLE';
      if (!c.hasVerifiedCard) return 'NO_VERIFIED_CARD';
      return identityVerified(c.checks) ? null : 'IDENTITY_CHECKS_INCOMPLETE';
    }
    case 'keep_frozen':
    case 'escalate':
      return null;
  }
}

/** Approving or rejecting a pending decision: a supervisor who is not its maker. */
export function reviewBlocker(c: CaseFacts, v: CaseViewer): CaseBlocker | null {
  if (c.status !== 'awaiting_second_approval' || c.decision === null) return 'CASE_NOT_DECIDABLE';
  if (!v.mayApprove) return 'FORBIDDEN';
  if (c.makerId === v.operatorId) return 'MAKER_CANNOT_APPROVE';
  return null;
}

/** Approval also re-checks the outcome: the facts may have changed since the maker decided. */
export function approvalBlocker(c: CaseFacts, v: CaseViewer): CaseBlocker | null {
  return reviewBlocker(c, v) ?? outcomeBlocker(c.decision!, c);
}

/** Every action's verdict for this operator: null where it would go ahead. */
export function caseActions(c: CaseFacts, v: CaseViewer): Record<CaseAction, CaseBlocker | null> {
  const work = workBlocker(c, v);
  const out = { claim: work, release: work, assign: work, check: work } as Record<CaseAction, CaseBlocker | null>;
  for (const d of FREEZE_DECISIONS) out[d] = work ?? outcomeBlocker(d, c);
  out.approve = approvalBlocker(c, v);
  out.reject = reviewBlocker(c, v);
  return out;
}

/** Blockers an operator can clear from the drawer (tick the checks, pay the balance out): shown, not hidden. */
export const FIXABLE_BLOCKERS: readonly CaseBlocker[] = ['IDENTITY_CHECKS_INCOMPLETE', 'BALANCE_NOT_ZERO'];
