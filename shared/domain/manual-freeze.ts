import type { AccountStatus, FreezeReason, RiskLevel } from './catalog';

/** What an operator may freeze an account for, by hand (issue 16). */
export const MANUAL_FREEZE_TYPES = ['risk', 'customer_request', 'suspected_takeover', 'judicial'] as const;
export type ManualFreezeType = (typeof MANUAL_FREEZE_TYPES)[number];

/**
 * Each type as a freeze case: the queue's reason (so every freeze rule, such as "a judicial
 * freeze is never lifted here", applies to manual freezes too) and the risk that sets the SLA.
 */
export const MANUAL_FREEZE: Record<ManualFreezeType, { reason: FreezeReason; risk: RiskLevel }> = {
  risk: { reason: 'rule_violation', risk: 'medium' },
  customer_request: { reason: 'customer_request', risk: 'low' },
  suspected_takeover: { reason: 'abnormal_login', risk: 'high' },
  judicial: { reason: 'judicial', risk: 'high' },
};

/** The evidence_rule text a manual freeze case carries, so the queue can tell it from a rule's. */
export const manualEvidenceRule = (type: ManualFreezeType) => `manual:${type}`;

export interface ManualFreezeFacts {
  type: ManualFreezeType;
  accountStatus: AccountStatus;
  /** The account already has a judicial freeze (in force or awaiting approval). */
  judicialPending: boolean;
  orderReference?: string | null;
}

export type ManualFreezeBlocker =
  'ACCOUNT_CLOSED' | 'ACCOUNT_ALREADY_FROZEN' | 'JUDICIAL_ORDER_REQUIRED' | 'JUDICIAL_ALREADY_PENDING';

/**
 * Why a manual freeze is refused, or null. A judicial order may land on an account that is
 * already frozen for another reason (it must outlast that freeze); other types may not.
 */
export function manualFreezeBlocker(f: ManualFreezeFacts): ManualFreezeBlocker | null {
  if (f.accountStatus === 'closed') return 'ACCOUNT_CLOSED';
  if (f.type === 'judicial') {
    if (!f.orderReference?.trim()) return 'JUDICIAL_ORDER_REQUIRED';
    if (f.judicialPending) return 'JUDICIAL_ALREADY_PENDING';
    return null;
  }
  if (f.accountStatus === 'frozen') return 'ACCOUNT_ALREADY_FROZEN';
  return null;
}

/** A judicial freeze waits for a supervisor's confirmation; every other type freezes at once. */
export function freezesAtOnce(type: ManualFreezeType): boolean {
  return type !== 'judicial';
}
