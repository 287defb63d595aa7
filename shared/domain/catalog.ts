/** The closed vocabularies of the business (docs/domain.md, "Vocabularies"); the database CHECKs the same lists. */
export const OPERATIONS = ['top_up', 'payment', 'withdrawal', 'transfer', 'cross_border', 'fx_conversion'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const CHANNELS = ['bank', 'branch', 'wallet', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SEGMENTS = ['standard', 'premium', 'merchant'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const TRANSACTION_STATUSES = ['pending', 'settled', 'failed', 'reversed'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

export const ACCOUNT_STATUSES = ['active', 'frozen', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const FREEZE_REASONS = [
  'frequent_transfers',
  'rule_violation',
  'inaccurate_info',
  'abnormal_login',
  'customer_request',
  'judicial',
] as const;
export type FreezeReason = (typeof FREEZE_REASONS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const FREEZE_CASE_STATUSES = [
  'open',
  'in_review',
  'awaiting_second_approval',
  'kept_frozen',
  'escalated',
  'unfrozen',
  'closed',
] as const;
export type FreezeCaseStatus = (typeof FREEZE_CASE_STATUSES)[number];

export const IDENTITY_CHECKS = ['phone', 'id_tail', 'recent_transaction', 'face'] as const;
export type IdentityCheck = (typeof IDENTITY_CHECKS)[number];

export const REFUND_TYPES = ['merchant', 'customer'] as const;
export type RefundType = (typeof REFUND_TYPES)[number];

export const REFUND_REASONS = [
  'duplicate',
  'fraudulent',
  'requested_by_customer',
  'product_not_received',
  'other',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const REFUND_STATUSES = [
  'pending',
  'awaiting_second_approval',
  'approved',
  'paid',
  'failed',
  'rejected',
  'cancelled',
] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const FEE_VERSION_STATUSES = ['draft', 'submitted', 'approved', 'scheduled', 'active', 'superseded'] as const;
export type FeeVersionStatus = (typeof FEE_VERSION_STATUSES)[number];

export const CONTACT_CHANNELS = ['phone', 'chat', 'email', 'social'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_OUTCOMES = ['resolved', 'escalated', 'callback', 'abandoned'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const CONTACT_CATEGORIES = [
  'registration',
  'payment_failure',
  'account_security',
  'refund',
  'password_reset',
  'fees',
  'top_up',
  'withdrawal',
  'frozen_account',
  'account_closure',
  'fraud_report',
  'complaint',
  'other',
] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

/** SQL `IN (...)` list for CHECK constraints, so the database enforces the same vocabulary. */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/** Every action the audit log records (`domain.verb`); the console labels each in both languages. */
export const AUDIT_ACTIONS = [
  'session.signIn',
  'session.signOut',
  'access.forbidden',
  'demo.seeded',
  'operator.created',
  'operator.updated',
  'operator.passwordReset',
  'operator.passwordChanged',
  'operator.lockedOut',
  'settings.updated',
  'limit.updated',
  'note.added',
  'view.saved',
  'view.deleted',
  'customer.unmasked',
  'customer.lookedUpByPhone',
  'contact.logged',
  'contacts.importStarted',
  'contacts.importCompleted',
  'contacts.importCancelled',
  'contacts.importFailed',
  'freeze.claimed',
  'freeze.released',
  'freeze.assigned',
  'freeze.identityCheck',
  'freeze.decided',
  'freeze.approved',
  'freeze.rejected',
  'freeze.payout',
  'freeze.reviewDue',
  'freeze.manual',
  'refund.requested',
  'refund.claimed',
  'refund.approved',
  'refund.escalated',
  'refund.rejected',
  'refund.cancelled',
  'refund.paid',
  'refund.payoutFailed',
  'refund.returnedToPending',
  'refund.windowChanged',
  'fee_version.drafted',
  'fee_version.edited',
  'fee_version.submitted',
  'fee_version.approved',
  'fee_version.rejected',
  'fee_version.superseded',
  'fee_version.activated',
  'settings.complaintClock',
  // Service cases (issue 16): the steps every kind shares, then each kind's own.
  'case.opened',
  'case.claimed',
  'case.released',
  'case.assigned',
  'case.approved',
  'case.rejected',
  'complaint.opened',
  'complaint.extended',
  'complaint.answered',
  'fraud.reported',
  'fraud.recallRequested',
  'fraud.resolved',
  'closure.requested',
  'closure.submitted',
  'closure.withdrawn',
  'closure.closed',
  // Backups and restores of the desk's database (issue 12 §5).
  'backup.created',
  'backup.failed',
  'backup.settingsChanged',
  'backup.restoreRequested',
  'backup.restoreCancelled',
  'backup.restoreApproved',
  'backup.restoreFailed',
  'backup.restored',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The actions that are a decision by the operator who took them: what "decided by me today" counts.
 * Claims, identity ticks, notes and payouts are work on a case, not decisions about it.
 */
export const DECISION_ACTIONS = [
  'freeze.decided',
  'freeze.approved',
  'freeze.rejected',
  'refund.approved',
  'refund.escalated',
  'refund.rejected',
  'fee_version.approved',
  'fee_version.rejected',
] as const satisfies readonly AuditAction[];

/** What an audit event is about. */
export const AUDIT_ENTITY_TYPES = [
  'operator',
  'channel',
  'database',
  'settings',
  'approval_limit',
  'customer',
  'freeze_case',
  'refund_request',
  'fee_version',
  'contact',
  'contact_import',
  'saved_view',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** Where a contact record came from: the demo generator, an agent logging it, or a CSV import. */
export const CONTACT_SOURCES = ['demo', 'manual', 'import'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];
