import { z } from 'zod';
import { channel, id, NOTE_MAX_LENGTH, version } from './define';
import type { ServiceCaseDetail } from './cases';
import type { IdentityCheckMark } from './frozen';
import { IDENTITY_CHECKS, type IdentityCheck } from '../domain/catalog';
import {
  IDENTITY_ACTIONS,
  IDENTITY_DECISIONS,
  type IdentityAction,
  type LoginLockReason,
} from '../domain/identity-security';

export interface CustomerDevice {
  id: number;
  label: string;
  boundAt: string;
  trusted: boolean;
  unboundAt: string | null;
}

/** The customer's sign-in state, as the identity cases read and change it. */
export interface CustomerIdentityState {
  loginLockedAt: string | null;
  loginLockReason: LoginLockReason | null;
  resetVerifiedAt: string | null;
  devices: CustomerDevice[];
}

/** An identity case's own facts, for its drawer. */
export interface IdentityFacts {
  action: IdentityAction;
  device: CustomerDevice | null;
  /** The checks this action needs, all of them passed before it is carried out. */
  required: IdentityCheck[];
  checks: IdentityCheckMark[];
  /** Carrying it out needs a second supervisor (the last trusted device). */
  fourEyes: boolean;
  carriedOutAt: string | null;
}

const ref = { id, expectedVersion: version };
const idempotencyKey = z.string().min(8).max(80);
const note = z.string().trim().min(1).max(NOTE_MAX_LENGTH);

export const identityChannels = {
  'identity:state': channel<CustomerIdentityState>()({
    input: z.strictObject({ customerId: id }),
    permission: 'customers.read',
  }),
  /** A caller who cannot get in: open the case from the customer page or the contact being logged. */
  'identity:open': channel<ServiceCaseDetail>()({
    input: z.strictObject({
      customerId: id,
      action: z.enum(IDENTITY_ACTIONS),
      /** The device to unbind (device_unbind only). */
      deviceId: id.optional(),
      summary: note,
      contactId: id.optional(),
      idempotencyKey,
    }),
    permission: 'cases.work',
    writes: true,
  }),
  /** Ticks or unticks one identity check on the case, recording who and when. */
  'identity:check': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...ref, kind: z.enum(IDENTITY_CHECKS), passed: z.boolean() }),
    permission: 'cases.work',
    writes: true,
  }),
  /** Carries the action out (or sends it for approval where four-eyes applies), or declines it; with a reason. */
  'identity:decide': channel<ServiceCaseDetail>()({
    input: z.strictObject({ ...ref, decision: z.enum(IDENTITY_DECISIONS), note, idempotencyKey }),
    permission: 'cases.work',
    writes: true,
  }),
};
