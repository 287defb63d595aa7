import { z } from 'zod';
import { channel, id, isoTime, pageInput, type Page } from './define';
import type { CurrencyCode } from '../domain/money';
import type {
  AccountStatus,
  ContactCategory,
  ContactChannel,
  ContactOutcome,
  Operation,
  FreezeCaseStatus,
  FreezeReason,
  RefundStatus,
  RiskLevel,
  Segment,
} from '../domain/catalog';

/** fakeNumber: a number on the fraud blocklist; it opens the fraud report that first named it. */
export type SearchHitKind = 'customer' | 'transaction' | 'refund' | 'case' | 'fakeNumber';

export interface SearchHit {
  kind: SearchHitKind;
  /** Where Enter goes: the customer for customers and transactions, else the record. */
  customerId: number;
  /** The wallet account the hit is about (a customer's first account); null for a reported fake number. */
  accountId: number | null;
  recordId: number;
  title: string;
  /** Free text (a masked phone, an account or transaction number). */
  subtitle: string;
  /** Closed-vocabulary codes about the hit, in order; the renderer labels them in the UI language. */
  codes: SearchCode[];
}

export type SearchCode =
  | { vocabulary: 'operation'; code: Operation }
  | { vocabulary: 'refundStatus'; code: RefundStatus }
  | { vocabulary: 'freezeReason'; code: FreezeReason }
  | { vocabulary: 'caseStatus'; code: FreezeCaseStatus };

export interface CustomerProfile {
  id: number;
  nameZh: string;
  nameEn: string;
  phoneMasked: string;
  idTailMasked: string;
  kycLevel: number;
  segment: Segment;
  registeredAt: string;
  accountId: number;
  accountNo: string;
  accountStatus: AccountStatus;
  balanceMinor: number;
  currency: CurrencyCode;
}

export interface CustomerRefundRow {
  id: number;
  refundNo: string;
  txnNo: string;
  amountMinor: number;
  currency: CurrencyCode;
  status: RefundStatus;
  reason: string;
  requestedAt: string;
}

export interface CustomerCaseRow {
  id: number;
  caseNo: string;
  reason: FreezeReason;
  risk: RiskLevel;
  status: FreezeCaseStatus;
  frozenAt: string;
  evidenceRule: string;
}

export interface CustomerContactRow {
  id: number;
  channel: ContactChannel;
  category: ContactCategory;
  outcome: ContactOutcome;
  startedAt: string;
  talkSeconds: number;
  caseId: number | null;
  /** The case's number (FC…), as people name it; the id stays for the link. */
  caseNo: string | null;
  note: string | null;
  recordingRef: string | null;
  recordingNotice: boolean | null;
}

export type TimelineKind = 'transaction' | 'refund' | 'case' | 'contact' | 'audit';
export interface TimelineEntry {
  kind: TimelineKind;
  id: number;
  at: string;
  /** A short machine summary; the renderer words it per language. */
  summary: Record<string, string | number | null>;
}

/** Per-customer tabs: keyset on (time, id) within one customer, so the grid pages them like any other. */
const tabInput = pageInput(['at'], { customerId: id });

export const customer360Channels = {
  /** Writes: a whole phone number is an audited, rate-limited lookup (customers/phone-lookup.ts). */
  'search:query': channel<SearchHit[]>()({
    input: z.strictObject({ text: z.string().max(64) }),
    permission: 'customers.read',
    writes: true,
  }),
  'customers:get': channel<CustomerProfile>()({ input: z.strictObject({ id }), permission: 'customers.read' }),
  /** Shows the full phone or ID tail; needs a reason and is audited. */
  'customers:unmask': channel<{ value: string }>()({
    input: z.strictObject({ id, field: z.enum(['phone', 'idTail']), reason: z.string().trim().min(3).max(500) }),
    permission: 'customers.unmask',
    writes: true,
  }),
  'customers:refunds': channel<Page<CustomerRefundRow>>()({ input: tabInput, permission: 'customers.read' }),
  'customers:cases': channel<Page<CustomerCaseRow>>()({ input: tabInput, permission: 'customers.read' }),
  'customers:contacts': channel<Page<CustomerContactRow>>()({ input: tabInput, permission: 'customers.read' }),
  'customers:timeline': channel<TimelineEntry[]>()({
    input: z.strictObject({ customerId: id, before: isoTime.nullable(), limit: z.number().int().min(1).max(200) }),
    permission: 'customers.read',
  }),
};
