import { z } from 'zod';
import { channel, id, NOTE_MAX_LENGTH, version } from './define';
import type { ServiceCaseDetail } from './cases';
import { FAKE_NUMBER_MAX, FRAUD_SCHEMES, type FraudScheme } from '../domain/fraud';
import { CURRENCIES, type CurrencyCode } from '../domain/money';

export interface FraudFacts {
  scheme: FraudScheme;
  fakeNumber: string;
  lossMinor: number;
  currency: CurrencyCode;
  /** The victim's account freeze this report opened, if one was asked for. */
  freezeCaseId: number | null;
  freezeCaseNo: string | null;
  recallReference: string | null;
  recallRequestedAt: string | null;
  /** The payees the victim's money went to, flagged by this report. */
  flaggedPayees: string[];
  /** How many reports name the same fake number, this one included. */
  numberReports: number;
}

/** A warning that money is about to go to a payee a fraud report flagged. */
export interface PayeeWarning {
  payee: string;
  caseId: number;
  caseNo: string;
}

const ref = { id, expectedVersion: version };
const idempotencyKey = z.string().min(8).max(80);
const note = z.string().trim().min(1).max(NOTE_MAX_LENGTH);

export const fraudChannels = {
  /**
   * A victim's report of a fake hotline or impersonation. The fake number goes on the
   * blocklist, the payees of the linked transactions are flagged, and with `freeze` the
   * victim's account is frozen in the same transaction.
   */
  'fraud:open': channel<ServiceCaseDetail>()({
    input: z.strictObject({
      customerId: id,
      accountId: id,
      scheme: z.enum(FRAUD_SCHEMES),
      fakeNumber: z.string().trim().min(1).max(FAKE_NUMBER_MAX),
      lossMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      currency: z.enum(CURRENCIES),
      /** What the victim told us, in their words. */
      words: note,
      /** The victim's transfers or payments to the fraudster: their payees are flagged. */
      transactionIds: z.array(id).max(50).default([]),
      contactId: id.optional(),
      freeze: z.boolean(),
      idempotencyKey,
    }),
    permission: 'cases.work',
    writes: true,
  }),
  /** Records the recall (止付/追款) request sent to the receiving bank or channel. */
  'fraud:recall': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...ref, reference: z.string().trim().min(1).max(100), note, idempotencyKey }),
    permission: 'cases.work',
    writes: true,
  }),
  /** Closes the report with what came of it. */
  'fraud:resolve': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...ref, note, idempotencyKey }),
    permission: 'cases.work',
    writes: true,
  }),
};
