import { z } from 'zod';
import { channel, id, NOTE_MAX_LENGTH, pageInput, version, type Page } from './define';
import type { CaseContact, CaseTransaction } from './frozen';
import type { ComplaintFacts } from './complaints';
import type { FraudFacts } from './fraud';
import type { ClosureFacts } from './closure';
import type { OverviewFigure } from './overview';
import type { IdentityFacts } from './identity';
import {
  SERVICE_CASE_KINDS,
  SERVICE_CASE_STATUSES,
  type ServiceCaseKind,
  type ServiceCaseStatus,
} from '../domain/cases';
import { MANUAL_FREEZE_TYPES, type ManualFreezeType } from '../domain/manual-freeze';
import type { AccountStatus } from '../domain/catalog';

/** One row of the service-case queue. The name is shown as stored; the phone never is. */
export interface ServiceCaseRow {
  id: number;
  caseNo: string;
  kind: ServiceCaseKind;
  status: ServiceCaseStatus;
  customerId: number;
  customerName: string;
  customerNameEn: string;
  accountNo: string | null;
  summary: string;
  ownerId: number | null;
  ownerName: string | null;
  openedAt: string;
  slaDueAt: string;
  version: number;
}

export interface FreezeRequestFacts {
  type: ManualFreezeType;
  reason: string;
  orderReference: string | null;
  authority: string | null;
  documentReference: string | null;
  freezeCaseId: number | null;
  freezeCaseNo: string | null;
}

export interface ServiceCaseDetail extends ServiceCaseRow {
  accountId: number | null;
  accountStatus: AccountStatus | null;
  contactId: number | null;
  openedBy: number;
  openedByName: string;
  makerId: number | null;
  makerName: string | null;
  checkerId: number | null;
  checkerName: string | null;
  decision: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  transactions: CaseTransaction[];
  contacts: CaseContact[];
  freezeRequest: FreezeRequestFacts | null;
  complaint: ComplaintFacts | null;
  fraud: FraudFacts | null;
  closure: ClosureFacts | null;
  identity: IdentityFacts | null;
}

export const SERVICE_CASE_SORTS = ['slaDue', 'openedAt'] as const;

export const serviceCaseFilter = {
  kind: z.enum(SERVICE_CASE_KINDS).optional(),
  status: z.enum([...SERVICE_CASE_STATUSES, 'active']).optional(),
  owner: z.union([z.enum(['mine', 'unassigned']), id]).optional(),
  overdue: z.boolean().optional(),
  customerId: id.optional(),
  /** Opened since the start of this business week (Monday, business time zone). */
  opened: z.enum(['thisWeek']).optional(),
  /** The start of a case number (CP0000012, JF…). */
  q: z.string().trim().min(1).max(20).optional(),
};

/** What a manual freeze answers: the freeze case it opened, or the judicial request awaiting a supervisor. */
export interface ManualFreezeResult {
  frozen: boolean;
  freezeCaseId: number | null;
  freezeCaseNo: string | null;
  requestId: number | null;
  requestNo: string | null;
}

const caseRef = { id, expectedVersion: version };
const decisionNote = z.string().trim().min(1).max(NOTE_MAX_LENGTH);
const idempotencyKey = z.string().min(8).max(80);
const optionalText = (max: number) => z.string().trim().max(max).optional();

export const serviceCaseChannels = {
  /**
   * Freezes an account by hand, from the customer page or a contact being logged. Every
   * type but judicial freezes at once; a judicial one waits for a supervisor's approval.
   */
  'cases:freeze': channel<ManualFreezeResult>()({
    input: z.strictObject({
      accountId: id,
      type: z.enum(MANUAL_FREEZE_TYPES),
      reason: z.string().trim().min(1).max(NOTE_MAX_LENGTH),
      /** Transactions of this account that show why. */
      transactionIds: z.array(id).max(50).default([]),
      documentReference: optionalText(200),
      orderReference: optionalText(100),
      authority: optionalText(200),
      /** The contact being logged when the freeze was asked for; it is linked to the case. */
      contactId: id.optional(),
      idempotencyKey,
    }),
    permission: 'frozen.work',
    writes: true,
  }),
  'cases:list': channel<Page<ServiceCaseRow>>()({
    input: pageInput([...SERVICE_CASE_SORTS], serviceCaseFilter),
    permission: 'cases.read',
  }),
  'cases:get': channel<ServiceCaseDetail>()({ input: z.strictObject({ id }), permission: 'cases.read' }),
  /** The case figures the Overview and Call volumes show, each counted by the queue it links to. */
  'cases:figures': channel<OverviewFigure[]>()({ input: z.strictObject({}), permission: 'cases.read' }),
  'cases:claim': channel<ServiceCaseDetail>()({
    input: z.strictObject(caseRef),
    permission: 'cases.work',
    writes: true,
  }),
  'cases:assign': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...caseRef, ownerId: id }),
    permission: 'cases.work',
    writes: true,
  }),
  'cases:release': channel<ServiceCaseDetail>()({
    input: z.strictObject(caseRef),
    permission: 'cases.work',
    writes: true,
  }),
  /** The second pair of eyes on a case waiting for approval (a judicial freeze, a closure). */
  'cases:approve': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...caseRef, note: decisionNote, idempotencyKey }),
    permission: 'cases.approve',
    writes: true,
  }),
  'cases:reject': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...caseRef, note: decisionNote, idempotencyKey }),
    permission: 'cases.approve',
    writes: true,
  }),
};
