import type { RefundStatus } from './catalog';

/**
 * Refund policy as pure functions: the handlers, the database triggers (same
 * lists, see migration 0030) and the UI all read the rules from here.
 */

/** Statuses whose amount is still held against the transaction (`pending_refund_minor`). */
export const HOLDING_STATUSES = ['pending', 'awaiting_second_approval', 'approved', 'failed'] as const;
/** Statuses a request can still be decided in: the queue's "open" work. */
export const OPEN_STATUSES = ['pending', 'awaiting_second_approval'] as const;

/** Every allowed status change; anything else is refused by main and by a trigger. */
export const REFUND_TRANSITIONS: Record<RefundStatus, readonly RefundStatus[]> = {
  pending: ['awaiting_second_approval', 'approved', 'rejected', 'cancelled'],
  awaiting_second_approval: ['approved', 'rejected', 'cancelled'],
  approved: ['paid', 'failed'],
  // A failed payout is retried (→ paid or failed again) or returned to pending with a note.
  failed: ['paid', 'failed', 'pending'],
  paid: [],
  rejected: [],
  cancelled: [],
};

export function canMove(from: RefundStatus, to: RefundStatus): boolean {
  return REFUND_TRANSITIONS[from].includes(to);
}

/** Why an operator rejects a request. "other" needs a note. */
export const REJECT_REASONS = [
  'not_eligible',
  'duplicate_request',
  'suspected_abuse',
  'merchant_declined',
  'insufficient_evidence',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** What the payment channel may answer when a payout fails. */
export const PAYOUT_FAILURES = ['CARD_CLOSED', 'CHANNEL_TIMEOUT'] as const;
export type PayoutFailure = (typeof PAYOUT_FAILURES)[number];

export const DEFAULT_REFUND_WINDOW_DAYS = 180;
/** Same transaction and amount within this many hours is flagged as a possible duplicate. */
export const DUPLICATE_WINDOW_HOURS = 24;
/** Hours within which an open request should be decided. */
export const REFUND_SLA_HOURS = 48;
/** The abuse signal looks back this far. */
export const ABUSE_LOOKBACK_DAYS = 90;

/** Above this share of refund requests to payments over the look-back, a customer's refunds are suspect. */
export const HIGH_REFUND_RATE = 0.3;

export interface RefundHistory {
  refunds90d: number;
  payments90d: number;
  /** Requests against the same transaction, this one included. */
  sameTransactionRequests: number;
}

export function refundRate(h: Pick<RefundHistory, 'refunds90d' | 'payments90d'>): number {
  return h.payments90d === 0 ? (h.refunds90d > 0 ? 1 : 0) : h.refunds90d / h.payments90d;
}

/** The refund-abuse signal: a high refund rate, or repeated requests for one transaction. */
export function isRefundAbuse(h: RefundHistory): boolean {
  return refundRate(h) >= HIGH_REFUND_RATE || h.sameTransactionRequests > 1;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What may still be refunded of a capture; the database's CHECK enforces the same bound. */
export function remainingRefundable(t: { amountMinor: number; refundedMinor: number; pendingMinor: number }): number {
  return t.amountMinor - t.refundedMinor - t.pendingMinor;
}

/** The ageing summary's buckets of open requests. */
export type AgeBucket = 'under1d' | 'from1to3d' | 'over3d';

/** Bucket edges as ISO instants: requested after `oneDayAgo` is under a day old, and so on. */
export function ageEdges(now: Date): { oneDayAgo: string; threeDaysAgo: string } {
  return {
    oneDayAgo: new Date(now.getTime() - DAY).toISOString(),
    threeDaysAgo: new Date(now.getTime() - 3 * DAY).toISOString(),
  };
}

export function slaDueAt(requestedAt: string): string {
  return new Date(Date.parse(requestedAt) + REFUND_SLA_HOURS * HOUR).toISOString();
}

export function isOutsideWindow(settledAt: string, now: Date, windowDays: number): boolean {
  return now.getTime() - Date.parse(settledAt) > windowDays * DAY;
}

export function duplicateSince(now: Date): string {
  return new Date(now.getTime() - DUPLICATE_WINDOW_HOURS * HOUR).toISOString();
}

/**
 * What one approval does. The first approval of a request within the approver's limit
 * approves it; above the limit it waits for a second approver. A second approver needs a
 * limit that covers the amount, or, when no role's limit does, the highest limit there is
 * ("above ¥20,000 a second supervisor must approve"). A zero limit approves nothing alone.
 */
export type ApprovalStep =
  | { kind: 'approve'; as: 'first' | 'second' }
  | { kind: 'escalate' }
  | { kind: 'refuse'; code: 'REFUND_FOUR_EYES' | 'REFUND_OVER_LIMIT' | 'REFUND_INVALID_STATE' };

export function approvalStep(input: {
  status: RefundStatus;
  amountMinor: number;
  approverId: number;
  approverLimit: number;
  highestLimit: number;
  requestedBy: number | null;
  firstApproverId: number | null;
}): ApprovalStep {
  const { status, amountMinor, approverId, approverLimit } = input;
  if (approverId === input.requestedBy) return { kind: 'refuse', code: 'REFUND_FOUR_EYES' };
  if (status === 'pending') {
    return amountMinor <= approverLimit ? { kind: 'approve', as: 'first' } : { kind: 'escalate' };
  }
  if (status === 'awaiting_second_approval') {
    if (approverId === input.firstApproverId) return { kind: 'refuse', code: 'REFUND_FOUR_EYES' };
    const covers = amountMinor <= approverLimit || (approverLimit > 0 && approverLimit >= input.highestLimit);
    return covers ? { kind: 'approve', as: 'second' } : { kind: 'refuse', code: 'REFUND_OVER_LIMIT' };
  }
  return { kind: 'refuse', code: 'REFUND_INVALID_STATE' };
}

/**
 * The demo payment channel's answer, deterministic so tests can rely on it:
 * a card whose last four digits are a multiple of 50 is closed (always fails);
 * a transaction id ending in 7 times out on the first attempt and succeeds on retry.
 */
export function demoPayoutOutcome(p: {
  transactionId: number;
  paymentMethod: string;
  attempt: number;
}): PayoutFailure | null {
  const card = /^bank_card:.*?(\d{4})$/.exec(p.paymentMethod);
  if (card && Number(card[1]) % 50 === 0) return 'CARD_CLOSED';
  if (p.transactionId % 10 === 7 && p.attempt === 1) return 'CHANNEL_TIMEOUT';
  return null;
}
