import { z } from 'zod';
import { channel, id, isoTime, version } from './define';
import type { ServiceCaseDetail } from './cases';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_OUTCOMES,
  REGULATORS,
  type CategoryFigures,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintClock,
  type ComplaintOutcome,
  type Regulator,
} from '../domain/complaints';

export interface ComplaintFacts {
  channel: ComplaintChannel;
  category: ComplaintCategory;
  customerWords: string;
  regulator: Regulator | null;
  referralNo: string | null;
  regulatorDueAt: string | null;
  ownDueAt: string;
  complex: boolean;
  extensionReason: string | null;
  outcome: ComplaintOutcome | null;
  explanation: string | null;
  responseText: string | null;
  respondedAt: string | null;
  /** Answered by the binding deadline (null while unanswered). */
  onTime: boolean | null;
}

export interface ComplaintReport {
  timeZone: string;
  from: string;
  to: string;
  rows: CategoryFigures[];
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ref = { id, expectedVersion: version };
const idempotencyKey = z.string().min(8).max(80);
const days = z.number().int().min(1).max(90);

export const complaintChannels = {
  'complaints:open': channel<ServiceCaseDetail>()({
    input: z.strictObject({
      customerId: id,
      accountId: id.optional(),
      channel: z.enum(COMPLAINT_CHANNELS),
      category: z.enum(COMPLAINT_CATEGORIES),
      /** What the customer said, in their words. */
      words: z.string().trim().min(1).max(4000),
      transactionIds: z.array(id).max(50).default([]),
      contactIds: z.array(id).max(50).default([]),
      regulator: z.enum(REGULATORS).optional(),
      referralNo: z.string().trim().max(60).optional(),
      regulatorDueAt: isoTime.optional(),
      ownerId: id.optional(),
      idempotencyKey,
    }),
    permission: 'cases.work',
    writes: true,
  }),
  /** A complex case gets the longer clock, once, with a reason. */
  'complaints:extend': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...ref, reason: z.string().trim().min(1).max(2000) }),
    permission: 'cases.work',
    writes: true,
  }),
  /** Records the outcome, its explanation and the response sent; the complaint is then resolved. */
  'complaints:respond': channel<ServiceCaseDetail>()({
    input: z.strictObject({
      ...ref,
      outcome: z.enum(COMPLAINT_OUTCOMES),
      explanation: z.string().trim().min(1).max(4000),
      response: z.string().trim().min(1).max(4000),
      idempotencyKey,
    }),
    permission: 'cases.work',
    writes: true,
  }),
  /** Volume, overdue and upheld rate by category for complaints opened in [from, to], local dates. */
  'complaints:report': channel<ComplaintReport>()({
    input: z.strictObject({ from: date, to: date }),
    permission: 'cases.read',
  }),
  'complaints:clock': channel<ComplaintClock>()({ input: z.strictObject({}), permission: 'cases.read' }),
  'complaints:setClock': channel<ComplaintClock>()({
    input: z.strictObject({ responseDays: days, extendedDays: days, reason: z.string().trim().min(1).max(500) }),
    permission: 'settings.manage',
    writes: true,
  }),
};
