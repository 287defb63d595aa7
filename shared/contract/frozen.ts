import { z } from 'zod';
import { channel, id, idList, isoTime, pageInput, version, type Page } from './define';
import {
  FREEZE_CASE_STATUSES,
  FREEZE_REASONS,
  IDENTITY_CHECKS,
  RISK_LEVELS,
  type AccountStatus,
  type ContactCategory,
  type ContactChannel,
  type ContactOutcome,
  type FreezeCaseStatus,
  type FreezeReason,
  type IdentityCheck,
  type Operation,
  type RiskLevel,
  type TransactionStatus,
} from '../domain/catalog';
import { DECISION_REASONS, FREEZE_DECISIONS, type DecisionReason, type FreezeDecision } from '../domain/freeze';
import type { CaseAction, CaseBlocker } from '../domain/freeze-actions';
import type { CurrencyCode } from '../domain/money';

/** One row of the review queue. Name and phone are masked; the account number is not secret here. */
export interface FreezeCaseRow {
  id: number;
  caseNo: string;
  accountId: number;
  accountNo: string;
  customerName: string;
  customerNameEn: string;
  phoneMasked: string;
  reason: FreezeReason;
  risk: RiskLevel;
  status: FreezeCaseStatus;
  frozenAt: string;
  slaDueAt: string;
  reviewAt: string | null;
  ownerId: number | null;
  ownerName: string | null;
  version: number;
}

export interface CaseTransaction {
  id: number;
  txnNo: string;
  operation: Operation;
  amountMinor: number;
  currency: CurrencyCode;
  status: TransactionStatus;
  counterparty: string | null;
  merchant: string | null;
  createdAt: string;
}

export interface CaseContact {
  id: number;
  channel: ContactChannel;
  category: ContactCategory;
  outcome: ContactOutcome;
  startedAt: string;
  agentName: string | null;
  note: string | null;
}

export interface IdentityCheckMark {
  kind: IdentityCheck;
  operatorId: number;
  operatorName: string;
  at: string;
}

export interface FreezeCaseDetail extends FreezeCaseRow {
  evidenceRule: string;
  evidence: Record<string, string | number>;
  decision: FreezeDecision | null;
  decisionReason: DecisionReason | null;
  makerId: number | null;
  makerName: string | null;
  checkerId: number | null;
  checkerName: string | null;
  decidedAt: string | null;
  account: {
    status: AccountStatus;
    kycLevel: number;
    registeredAt: string;
    balanceMinor: number;
    currency: CurrencyCode;
    /** The bank card a closure pays the balance out to: the latest card the customer paid with. */
    verifiedCard: string | null;
    /** Reasons of the other cases that also hold this account frozen (the strictest freeze rules). */
    otherLiveReasons: FreezeReason[];
  };
  /** What the calling operator may do now, by main's own rules: null where the action would go ahead, else why not. */
  actions: Record<CaseAction, CaseBlocker | null>;
  checks: IdentityCheckMark[];
  evidenceTransactions: CaseTransaction[];
  recentTransactions: CaseTransaction[];
  earlierCases: { id: number; caseNo: string; reason: FreezeReason; status: FreezeCaseStatus; frozenAt: string }[];
  contacts: CaseContact[];
}

export const FREEZE_SORTS = ['slaDue', 'frozenAt', 'caseNo'] as const;

/** `active` is every case still being worked; `mine`/`unassigned` are owner shortcuts. */
export const freezeFilter = {
  status: z.enum([...FREEZE_CASE_STATUSES, 'active']).optional(),
  reason: z.enum(FREEZE_REASONS).optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  owner: z.union([z.enum(['mine', 'unassigned']), id]).optional(),
  overdue: z.boolean().optional(),
  frozenFrom: isoTime.optional(),
  frozenTo: isoTime.optional(),
  /** Account number, case number, phone tail (4 digits) or the start of a name. */
  q: z.string().trim().min(1).max(40).optional(),
};

const caseRef = { id, expectedVersion: version };
const decisionNote = z.string().trim().min(1).max(2000);
/** Retries with the same key return the first result instead of acting twice. */
const idempotencyKey = z.string().min(8).max(80);
/** Every decision carries a reason code and a note, and is retried safely. */
const decisionInput = { ...caseRef, reasonCode: z.enum(DECISION_REASONS), note: decisionNote, idempotencyKey };

export interface BulkRowResult {
  id: number;
  caseNo: string | null;
  ok: boolean;
  code: string | null;
}

export const frozenChannels = {
  'frozen:list': channel<Page<FreezeCaseRow>>()({
    input: pageInput([...FREEZE_SORTS], freezeFilter),
    permission: 'frozen.read',
  }),
  'frozen:get': channel<FreezeCaseDetail>()({ input: z.strictObject({ id }), permission: 'frozen.read' }),
  'frozen:claim': channel<FreezeCaseDetail>()({
    input: z.strictObject(caseRef),
    permission: 'frozen.work',
    writes: true,
  }),
  'frozen:release': channel<FreezeCaseDetail>()({
    input: z.strictObject(caseRef),
    permission: 'frozen.work',
    writes: true,
  }),
  'frozen:assign': channel<FreezeCaseDetail>()({
    input: z.strictObject({ ...caseRef, ownerId: id }),
    permission: 'frozen.work',
    writes: true,
  }),
  'frozen:check': channel<FreezeCaseDetail>()({
    input: z.strictObject({ ...caseRef, kind: z.enum(IDENTITY_CHECKS), passed: z.boolean() }),
    permission: 'frozen.work',
    writes: true,
  }),
  'frozen:decide': channel<FreezeCaseDetail>()({
    input: z.strictObject({ ...decisionInput, decision: z.enum(FREEZE_DECISIONS), reviewAt: isoTime.optional() }),
    permission: 'frozen.work',
    writes: true,
  }),
  'frozen:approve': channel<FreezeCaseDetail>()({
    input: z.strictObject({ ...caseRef, note: decisionNote, idempotencyKey }),
    permission: 'frozen.approve',
    writes: true,
  }),
  'frozen:reject': channel<FreezeCaseDetail>()({
    input: z.strictObject({ ...caseRef, note: decisionNote, idempotencyKey }),
    permission: 'frozen.approve',
    writes: true,
  }),
  /**
   * Asks to pay the whole balance out to the verified card, on the way to closure: the same
   * decision step as `frozen:decide` with decision "payout". A second supervisor's
   * `frozen:approve` moves the money; the freeze type must allow it (FREEZE_RULES).
   */
  'frozen:payout': channel<FreezeCaseDetail>()({
    input: z.strictObject(decisionInput),
    permission: 'frozen.work',
    writes: true,
  }),
  'frozen:bulk': channel<{ results: BulkRowResult[] }>()({
    input: z.discriminatedUnion('action', [
      z.strictObject({ action: z.literal('claim'), ids: idList, idempotencyKey }),
      z.strictObject({ action: z.literal('assign'), ids: idList, ownerId: id, idempotencyKey }),
      z.strictObject({
        action: z.literal('unfreeze'),
        ids: idList,
        reasonCode: z.enum(DECISION_REASONS),
        note: decisionNote,
        idempotencyKey,
      }),
    ]),
    permission: 'frozen.work',
    writes: true,
  }),
};
