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
