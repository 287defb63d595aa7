import type { PayeeWarning } from './fraud';
import { z } from 'zod';
import { channel, id, note, pageInput, version, type Page } from './define';
import type { ErrorCode } from './errors';
import { CURRENCIES, type CurrencyCode } from '../domain/money';
import {
  REFUND_REASONS,
  REFUND_STATUSES,
  REFUND_TYPES,
  type ContactCategory,
  type ContactChannel,
  type ContactOutcome,
  type RefundReason,
  type RefundStatus,
  type RefundType,
} from '../domain/catalog';
import { REJECT_REASONS, type AgeBucket, type RefundHistory, type RejectReason } from '../domain/refunds';
import type { RefundVerdict } from '../domain/freeze';

export interface RefundRow {
  id: number;
  refundNo: string;
  type: RefundType;
  transactionId: number;
  txnNo: string;
  merchant: string | null;
  txnCreatedAt: string;
  paymentMethod: string;
  capturedMinor: number;
  amountMinor: number;
  /** Captured − refunded − held by open requests, now. */
  remainingMinor: number;
  currency: CurrencyCode;
  reason: RefundReason;
  requestedBy: number | null;
  requesterName: string | null;
  requestedAt: string;
  slaDueAt: string;
  status: RefundStatus;
  assigneeId: number | null;
  assigneeName: string | null;
  firstApproverId: number | null;
  /** Set when the request repeats the same transaction and amount within 24 hours. */
  duplicateOf: number | null;
  customerId: number;
  customerNameZh: string;
  customerNameEn: string;
  /** The customer's refund history behind the abuse signal (shared/domain/refunds.ts isRefundAbuse). */
  history: RefundHistory;
  abuse: boolean;
  version: number;
}

export interface RefundDetail {
  request: RefundRow & {
    note: string | null;
    rejectReason: RejectReason | null;
    rejectNote: string | null;
    firstApproverName: string | null;
    secondApproverName: string | null;
    decidedAt: string | null;
    paidAt: string | null;
    payoutAttempts: number;
    failureReason: string | null;
    payoutReference: string | null;
  };
  transaction: {
    id: number;
    txnNo: string;
    accountNo: string;
    customerId: number;
    customerNameZh: string;
    customerNameEn: string;
    merchant: string | null;
    paymentMethod: string;
    amountMinor: number;
    refundedMinor: number;
    pendingMinor: number;
    remainingMinor: number;
    currency: CurrencyCode;
    createdAt: string;
    settledAt: string | null;
    outsideWindow: boolean;
  };
  timeline: RefundTimelineEntry[];
  history: {
    /** The customer's newest refund requests, on any of their transactions. */
    requests: Pick<RefundRow, 'id' | 'refundNo' | 'txnNo' | 'amountMinor' | 'currency' | 'status' | 'requestedAt'>[];
    refunds90d: number;
    payments90d: number;
    /** Refund requests ÷ payments over 90 days; the abuse signal. */
    refundRate90d: number;
    /** Requests for this same transaction, this one included. */
    sameTransactionRequests: number;
  };
  contacts: {
    id: number;
    channel: ContactChannel;
    category: ContactCategory;
    outcome: ContactOutcome;
    startedAt: string;
    note: string | null;
  }[];
  windowDays: number;
  /**
   * What the freezes on the transaction's account say about this refund now (FREEZE_RULES):
   * `allowed`, `blocked`, or a warning the approver must acknowledge (acknowledgeWarnings).
   */
  freeze: RefundVerdict;
  /** The transaction paid a payee a fraud report flagged: the reviewer is warned before money moves. */
  payeeWarning: PayeeWarning | null;
}

export interface RefundTimelineEntry {
  at: string;
  kind: 'captured' | 'settled' | 'requested' | 'escalated' | 'approved' | 'rejected' | 'cancelled' | 'paid' | 'failed';
  refundId: number | null;
  refundNo: string | null;
  amountMinor: number;
  /** True for the events of the request being viewed. */
  current: boolean;
}

export interface RefundableTransaction {
  id: number;
  txnNo: string;
  merchant: string | null;
  paymentMethod: string;
  amountMinor: number;
  remainingMinor: number;
  currency: CurrencyCode;
  status: string;
  settledAt: string | null;
  /** What the account's freezes say about refunding it (FREEZE_RULES). */
  freeze: RefundVerdict;
}

export interface RefundAgeing extends Record<AgeBucket, number> {
  awaitingSecond: number;
}

export type BulkRowResult =
  { id: number; ok: true; status: RefundStatus } | { id: number; ok: false; code: ErrorCode; message: string };

export interface BulkResult {
  succeeded: number;
  failed: number;
  rows: BulkRowResult[];
}

export const REFUND_SORTS = ['requestedAt', 'amount'] as const;

const idempotencyKey = z.string().trim().min(8).max(100);
const amountMinor = z.number().int().positive().max(1e13);
const target = { id, expectedVersion: version, idempotencyKey };
/** The approver saw the account's freeze warning and goes ahead; refused without it (FREEZE_WARNING_NOT_ACKNOWLEDGED). */
const acknowledgeWarnings = z.boolean().default(false);
const bulkItems = z
  .array(z.strictObject({ id, expectedVersion: version }))
  .min(1)
  .max(1000);

export const refundFilter = {
  /** 'open' is pending or awaiting a second approval: the work still to do. */
  status: z.enum([...REFUND_STATUSES, 'open']).optional(),
  type: z.enum(REFUND_TYPES).optional(),
  reason: z.enum(REFUND_REASONS).optional(),
  minAmount: z.number().int().min(0).max(1e13).optional(),
  maxAmount: z.number().int().min(0).max(1e13).optional(),
  merchant: z.string().trim().min(1).max(100).optional(),
  age: z.enum(['under1d', 'from1to3d', 'over3d']).optional(),
  /** Amount at or below the caller's own approval limit. */
  withinMyLimit: z.boolean().optional(),
  /** Requests the caller logged. */
  requestedByMe: z.boolean().optional(),
  /** Awaiting a second approval the caller may give (not theirs to begin with). */
  awaitingMySecond: z.boolean().optional(),
  /** Only requests with the refund-abuse signal. */
  abuse: z.boolean().optional(),
};
export type RefundFilter = z.infer<z.ZodObject<typeof refundFilter>>;

export const refundChannels = {
  'refunds:list': channel<Page<RefundRow>>()({
    input: pageInput([...REFUND_SORTS], refundFilter),
    permission: 'refunds.read',
  }),
  'refunds:ageing': channel<RefundAgeing>()({ input: z.strictObject({}), permission: 'refunds.read' }),
  'refunds:get': channel<RefundDetail>()({ input: z.strictObject({ id }), permission: 'refunds.read' }),
  'refunds:lookupTransaction': channel<RefundableTransaction>()({
    input: z.strictObject({ txnNo: z.string().trim().min(1).max(40) }),
    permission: 'refunds.request',
  }),
  'refunds:request': channel<RefundRow>()({
    input: z.strictObject({
      transactionId: id,
      amountMinor,
      currency: z.enum(CURRENCIES),
      type: z.enum(REFUND_TYPES),
      reason: z.enum(REFUND_REASONS),
      note: note.optional(),
      /** The operator saw the duplicate warning and confirms this is a new request. */
      confirmDuplicate: z.boolean().default(false),
      idempotencyKey,
    }),
    permission: 'refunds.request',
    writes: true,
  }),
  'refunds:approve': channel<RefundRow>()({
    input: z.strictObject({ ...target, acknowledgeWarnings }),
    permission: 'refunds.approve',
    writes: true,
  }),
  'refunds:reject': channel<RefundRow>()({
    input: z.strictObject({ ...target, reason: z.enum(REJECT_REASONS), note: note.optional() }),
    permission: 'refunds.approve',
    writes: true,
  }),
  'refunds:cancel': channel<RefundRow>()({
    input: z.strictObject({ id, expectedVersion: version, note: z.string().trim().min(1).max(2000) }),
    permission: 'refunds.request',
    writes: true,
  }),
  'refunds:claim': channel<RefundRow>()({
    input: z.strictObject({ id, expectedVersion: version }),
    permission: 'refunds.approve',
    writes: true,
  }),
  'refunds:bulkApprove': channel<BulkResult>()({
    input: z.strictObject({ items: bulkItems, idempotencyKey }),
    permission: 'refunds.approve',
    writes: true,
  }),
  'refunds:bulkReject': channel<BulkResult>()({
    input: z.strictObject({ items: bulkItems, reason: z.enum(REJECT_REASONS), note: note.optional(), idempotencyKey }),
    permission: 'refunds.approve',
    writes: true,
  }),
  /** Pays an approved refund out, or retries a failed payout. */
  'refunds:payout': channel<RefundRow>()({
    input: z.strictObject({ ...target, acknowledgeWarnings }),
    permission: 'refunds.approve',
    writes: true,
  }),
  'refunds:returnToPending': channel<RefundRow>()({
    input: z.strictObject({ id, expectedVersion: version, note: z.string().trim().min(1).max(2000) }),
    permission: 'refunds.approve',
    writes: true,
  }),
  'refunds:settings': channel<{ windowDays: number }>()({ input: z.strictObject({}), permission: 'refunds.read' }),
  'refunds:updateSettings': channel<{ windowDays: number }>()({
    input: z.strictObject({ windowDays: z.number().int().min(1).max(3650), note: z.string().trim().min(1).max(2000) }),
    permission: 'settings.manage',
    writes: true,
  }),
};
