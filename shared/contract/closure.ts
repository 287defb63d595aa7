import { z } from 'zod';
import { channel, id, NOTE_MAX_LENGTH, version } from './define';
import type { ServiceCaseDetail } from './cases';
import { IDENTITY_CHECKS, type IdentityCheck } from '../domain/catalog';
import type { CurrencyCode } from '../domain/money';

export interface ClosureFacts {
  checks: IdentityCheck[];
  coolingOffUntil: string;
  /** The balance paid out to the verified card when the closure was approved. */
  paidMinor: number | null;
  currency: CurrencyCode;
  payoutTxnNo: string | null;
}

const ref = { id, expectedVersion: version };
const idempotencyKey = z.string().min(8).max(80);
const note = z.string().trim().min(1).max(NOTE_MAX_LENGTH);

export const closureChannels = {
  /** A customer asks to close their active account; the identity checks done are recorded. */
  'closure:open': channel<ServiceCaseDetail>()({
    input: z.strictObject({
      accountId: id,
      checks: z.array(z.enum(IDENTITY_CHECKS)).min(1).max(IDENTITY_CHECKS.length),
      reason: note,
      contactId: id.optional(),
      idempotencyKey,
    }),
    permission: 'cases.work',
    writes: true,
  }),
  /** After the cooling-off period, the request goes to a second person (cases:approve closes the account). */
  'closure:submit': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...ref, idempotencyKey }),
    permission: 'cases.work',
    writes: true,
  }),
  /** The customer changed their mind during the cooling-off period. */
  'closure:withdraw': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...ref, note, idempotencyKey }),
    permission: 'cases.work',
    writes: true,
  }),
};
