/** Kysely row types of the service-case tables (migration 0130 on). */
import type { Generated } from 'kysely';
import type { IdentityCheck } from '../../shared/domain/catalog';
import type { IdentityAction } from '../../shared/domain/identity-security';

export interface ServiceCaseMovesTable {
  kind: string;
  from_status: string;
  to_status: string;
  four_eyes: number;
}
export interface ServiceCasesTable {
  id: Generated<number>;
  case_no: string;
  kind: string;
  status: string;
  customer_id: number;
  account_id: number | null;
  contact_id: number | null;
  summary: string;
  owner_id: number | null;
  opened_by: number;
  opened_at: string;
  sla_due_at: string;
  maker_id: number | null;
  checker_id: number | null;
  decision: string | null;
  decision_note: string | null;
  decided_at: string | null;
  version: Generated<number>;
  /** Generated: 1 while the status is not terminal. */
  active: Generated<number>;
}
export interface ServiceCaseLinksTable {
  case_id: number;
  target: 'transaction' | 'contact';
  target_id: number;
}
export interface FreezeRequestsTable {
  case_id: number;
  account_id: number;
  freeze_type: string;
  reason: string;
  order_reference: string | null;
  authority: string | null;
  document_reference: string | null;
  freeze_case_id: number | null;
}

export interface FraudReportsTable {
  case_id: number;
  scheme: string;
  fake_number: string;
  loss_minor: number;
  currency: string;
  freeze_case_id: number | null;
  recall_reference: string | null;
  recall_requested_at: string | null;
}

export interface ClosureRequestsTable {
  case_id: number;
  account_id: number;
  checks_json: string;
  cooling_off_until: string;
  payout_txn_id: number | null;
  paid_minor: number | null;
}

export interface FakeNumbersTable {
  number: string;
  first_case_id: number;
  last_case_id: number;
  reports: Generated<number>;
  last_reported_at: string;
}

export interface FlaggedPayeesTable {
  payee: string;
  case_id: number;
  transaction_id: number;
  flagged_at: string;
}

export interface ComplaintDetailsTable {
  case_id: number;
  channel: string;
  category: string;
  customer_words: string;
  regulator: string | null;
  referral_no: string | null;
  regulator_due_at: string | null;
  own_due_at: string;
  complex: Generated<number>;
  extension_reason: string | null;
  outcome: string | null;
  explanation: string | null;
  response_text: string | null;
  responded_at: string | null;
}

export interface CustomerDevicesTable {
  id: Generated<number>;
  customer_id: number;
  label: string;
  bound_at: string;
  trusted: number;
  unbound_at: string | null;
  unbound_case_id: number | null;
}

/** An identity case's checklist: who ticked which check, and when (the freeze checklist's shape). */
export interface ServiceCaseChecksTable {
  case_id: number;
  check_kind: IdentityCheck;
  operator_id: number;
  at: string;
}

export interface IdentityRequestsTable {
  case_id: number;
  action: IdentityAction;
  device_id: number | null;
  carried_out_at: string | null;
}

export interface CaseTables {
  complaint_details: ComplaintDetailsTable;
  service_case_moves: ServiceCaseMovesTable;
  service_cases: ServiceCasesTable;
  service_case_links: ServiceCaseLinksTable;
  freeze_requests: FreezeRequestsTable;
  fraud_reports: FraudReportsTable;
  fake_numbers: FakeNumbersTable;
  flagged_payees: FlaggedPayeesTable;
  closure_requests: ClosureRequestsTable;
  customer_devices: CustomerDevicesTable;
  service_case_checks: ServiceCaseChecksTable;
  identity_requests: IdentityRequestsTable;
}
