/**
 * Kysely row types. snake_case rows stay in electron/; only shared/ domain types cross IPC.
 * Enumerated columns carry the domain's own unions, so a row reads as the domain type with no
 * cast and a write of an unknown value fails to compile. Most are also CHECKed in SQL; the
 * rest (decision, failure_reason, entity_type, operator_role, approval kind) are written only
 * through these types.
 */
import type { Generated } from 'kysely';
import type { ImportField, ImportRowError, ImportStatusName } from '../../shared/contract/contact-imports';
import type { NoteEntityType } from '../../shared/contract/notes';
import type {
  AccountStatus,
  Channel,
  ContactCategory,
  ContactChannel,
  ContactOutcome,
  FeeVersionStatus,
  FreezeCaseStatus,
  FreezeReason,
  IdentityCheck,
  Operation,
  RefundReason,
  RefundStatus,
  RefundType,
  RiskLevel,
  Segment,
  TransactionStatus,
} from '../../shared/domain/catalog';
import type { DecisionReason, FreezeDecision } from '../../shared/domain/freeze';
import type { CurrencyCode } from '../../shared/domain/money';
import type { LoginLockReason } from '../../shared/domain/identity-security';
import type { PayoutFailure, RejectReason } from '../../shared/domain/refunds';
import type { Role } from '../../shared/domain/roles';
import type { CaseTables } from './schema-cases';

export interface SettingsTable {
  key: string;
  value: string;
}
export interface OperatorsTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  must_change_password: Generated<number>;
  disabled: Generated<number>;
  created_at: string;
  version: Generated<number>;
}
/** Consecutive failed sign-ins per username tried and per client (shared/domain/sign-in.ts). */
export interface SignInThrottleTable {
  scope: string;
  subject: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string | null;
}
export interface ApprovalLimitsTable {
  role: Role;
  kind: 'refund';
  currency: CurrencyCode;
  max_minor: number;
}
export interface CustomersTable {
  id: Generated<number>;
  name_zh: string;
  name_en: string;
  phone: string;
  id_tail: string;
  kyc_level: number;
  segment: Segment;
  registered_at: string;
  /** Set by the wallet's sign-in service; an identity case clears it (migration 0200). */
  login_locked_at: Generated<string | null>;
  login_lock_reason: Generated<LoginLockReason | null>;
  reset_verified_at: Generated<string | null>;
}
export interface AccountsTable {
  id: Generated<number>;
  account_no: string;
  customer_id: number;
  currency: CurrencyCode;
  balance_minor: number;
  status: AccountStatus;
  version: Generated<number>;
}
export interface TransactionsTable {
  id: Generated<number>;
  txn_no: string;
  account_id: number;
  operation: Operation;
  channel: Channel;
  amount_minor: number;
  fee_minor: number;
  currency: CurrencyCode;
  status: TransactionStatus;
  merchant: string | null;
  payment_method: string;
  counterparty: string | null;
  created_at: string;
  settled_at: string | null;
  refunded_minor: Generated<number>;
  pending_refund_minor: Generated<number>;
}
export interface FreezeCasesTable {
  id: Generated<number>;
  case_no: string;
  account_id: number;
  reason: FreezeReason;
  risk: RiskLevel;
  status: FreezeCaseStatus;
  evidence_rule: string;
  evidence_json: string;
  frozen_at: string;
  sla_due_at: string;
  owner_id: number | null;
  review_at: string | null;
  decision: FreezeDecision | null;
  decision_reason: DecisionReason | null;
  maker_id: number | null;
  checker_id: number | null;
  decided_at: string | null;
  version: Generated<number>;
  /** Generated from status (migration 0020): 1 while the case is still being worked. */
  active: Generated<number>;
}
export interface FreezeCaseTransactionsTable {
  case_id: number;
  transaction_id: number;
}
export interface IdentityChecksTable {
  case_id: number;
  check_kind: IdentityCheck;
  operator_id: number;
  at: string;
}
export interface NotesTable {
  id: Generated<number>;
  entity_type: NoteEntityType;
  entity_id: number;
  operator_id: number;
  body: string;
  created_at: string;
}
export interface RefundRequestsTable {
  id: Generated<number>;
  refund_no: string;
  transaction_id: number;
  type: RefundType;
  amount_minor: number;
  currency: CurrencyCode;
  reason: RefundReason;
  note: string | null;
  status: RefundStatus;
  requested_by: number | null;
  requested_at: string;
  assignee_id: number | null;
  first_approver_id: number | null;
  second_approver_id: number | null;
  decided_at: string | null;
  paid_at: string | null;
  payout_attempts: Generated<number>;
  failure_reason: PayoutFailure | null;
  version: Generated<number>;
  reject_reason: RejectReason | null;
  reject_note: string | null;
  duplicate_of: number | null;
  payout_reference: string | null;
  merchant: Generated<string | null>;
}
export interface IdempotencyKeysTable {
  key: string;
  channel: string;
  operator_id: number;
  /** Fingerprint of the payload the key was first used with; null for keys stored before 0090. */
  payload_hash: string | null;
  result_json: string;
  created_at: string;
}
export interface FeeSchedulesTable {
  id: Generated<number>;
  name: string;
  currency: CurrencyCode;
}
export interface FeeScheduleVersionsTable {
  id: Generated<number>;
  schedule_id: number;
  version_no: number;
  status: FeeVersionStatus;
  effective_from: string;
  effective_to: string | null;
  created_by: number | null;
  approved_by: number | null;
  review_note: string | null;
  created_at: string;
  version: Generated<number>;
  based_on_id: number | null;
}
export interface FeeRulesTable {
  id: Generated<number>;
  version_id: number;
  operation: Operation;
  channel: Channel;
  segment: Segment;
  definition_json: string;
}
export interface ContactsTable {
  id: Generated<number>;
  external_id: string;
  channel: ContactChannel;
  category: ContactCategory;
  outcome: ContactOutcome;
  started_at: string;
  queue_seconds: number;
  talk_seconds: number;
  hold_seconds: Generated<number>;
  acw_seconds: Generated<number>;
  agent_id: number | null;
  account_id: number | null;
  case_id: number | null;
  transaction_id: number | null;
  note: string | null;
  source: Generated<string>;
  import_id: Generated<number | null>;
  /** Migration 0150: the telephony recording's id or URL, and whether the recording notice was played. */
  recording_ref: Generated<string | null>;
  recording_notice: Generated<number | null>;
}
/** The counters every contact rollup level keeps (migration 0050). */
export interface RollupCounters {
  contacts: number;
  answered: number;
  answered_within_10s: number;
  answered_within_15s: number;
  answered_within_20s: number;
  answered_within_30s: number;
  answered_within_45s: number;
  answered_within_60s: number;
  abandoned: number;
  short_abandoned: number;
  abandoned_under_3s: number;
  abandoned_under_10s: number;
  abandoned_under_15s: number;
  callbacks: number;
  resolved: number;
  escalated: number;
  queue_seconds: number;
  answered_queue_seconds: number;
  handle_seconds: number;
}
export interface ContactRollupTable extends RollupCounters {
  bucket: string;
  channel: ContactChannel;
  category: ContactCategory;
}
export interface ContactRollupDayTable extends RollupCounters {
  day: string;
  channel: ContactChannel;
  category: ContactCategory;
}
export interface ContactRollupHourTable extends RollupCounters {
  day: string;
  hour: number;
  weekday: number;
  channel: ContactChannel;
  category: ContactCategory;
}
export interface ContactRollupHourChannelTable extends RollupCounters {
  day: string;
  hour: number;
  weekday: number;
  channel: ContactChannel;
}
export interface ContactImportsTable {
  id: Generated<number>;
  source_name: string;
  file_name: string;
  status: ImportStatusName;
  time_zone: string;
  mapping_json: string;
  total_bytes: number;
  processed_bytes: Generated<number>;
  rows_read: Generated<number>;
  imported: Generated<number>;
  duplicates: Generated<number>;
  errors: Generated<number>;
  started_by: number | null;
  started_at: string;
  finished_at: string | null;
}
export interface ContactImportErrorsTable {
  import_id: number;
  row_no: number;
  reason: ImportRowError;
  field: ImportField | null;
  value: string;
}
export interface ContactImportMappingsTable {
  source_name: string;
  mapping_json: string;
  time_zone: string;
  updated_at: string;
}
export interface SavedViewsTable {
  id: Generated<number>;
  operator_id: number;
  page: string;
  name: string;
  state_json: string;
}
export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  operator_id: number | null;
  operator_role: Role | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  note: string | null;
  /** The host that made the change, or 'system' for due work. */
  host: 'electron' | 'browser' | 'system';
  prev_hash: string;
  hash: string;
  /** HMAC-SHA-256(key, hash), hex; null for events from before the key existed. */
  mac: Generated<string | null>;
}

export interface DB extends CaseTables {
  settings: SettingsTable;
  operators: OperatorsTable;
  sign_in_throttle: SignInThrottleTable;
  approval_limits: ApprovalLimitsTable;
  customers: CustomersTable;
  accounts: AccountsTable;
  transactions: TransactionsTable;
  freeze_cases: FreezeCasesTable;
  freeze_case_transactions: FreezeCaseTransactionsTable;
  identity_checks: IdentityChecksTable;
  notes: NotesTable;
  refund_requests: RefundRequestsTable;
  idempotency_keys: IdempotencyKeysTable;
  fee_schedules: FeeSchedulesTable;
  fee_schedule_versions: FeeScheduleVersionsTable;
  fee_rules: FeeRulesTable;
  contacts: ContactsTable;
  contact_rollup: ContactRollupTable;
  contact_rollup_day: ContactRollupDayTable;
  contact_rollup_hour: ContactRollupHourTable;
  contact_rollup_hour_channel: ContactRollupHourChannelTable;
  contact_imports: ContactImportsTable;
  contact_import_errors: ContactImportErrorsTable;
  contact_import_mappings: ContactImportMappingsTable;
  saved_views: SavedViewsTable;
  audit_events: AuditEventsTable;
  /** PostgreSQL only (team mode): the audit chain's locked head row. */
  audit_head: AuditHeadTable;
}

export interface AuditHeadTable {
  one: number;
  last_id: number;
  hash: string;
}
