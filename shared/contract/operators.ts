import { z } from 'zod';
import { channel, id, version } from './define';
import { ROLES, type Role } from '../domain/roles';
import { CURRENCIES, type CurrencyCode } from '../domain/money';

export interface Operator {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
  version: number;
}

export const APPROVAL_KINDS = ['refund'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export interface ApprovalLimit {
  role: Role;
  kind: ApprovalKind;
  currency: CurrencyCode;
  maxMinor: number;
}

export const username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-zA-Z0-9._-]+$/);

export interface OperatorName {
  id: number;
  displayName: string;
  role: Role;
}

export const operatorChannels = {
  /** Names only, for filters and pickers; anyone signed in may read them. */
  'operators:directory': channel<OperatorName[]>()({ input: z.strictObject({}), permission: 'app.use' }),
  'operators:list': channel<Operator[]>()({ input: z.strictObject({}), permission: 'operators.manage' }),
  'operators:create': channel<Operator>()({
    input: z.strictObject({
      username,
      displayName: z.string().trim().min(1).max(64),
      role: z.enum(ROLES),
      initialPassword: z.string().min(1).max(200),
    }),
    permission: 'operators.manage',
    writes: true,
  }),
  'operators:update': channel<Operator>()({
    input: z.strictObject({
      id,
      expectedVersion: version,
      role: z.enum(ROLES).optional(),
      disabled: z.boolean().optional(),
      displayName: z.string().trim().min(1).max(64).optional(),
    }),
    permission: 'operators.manage',
    writes: true,
  }),
  'operators:resetPassword': channel<Operator>()({
    input: z.strictObject({ id, expectedVersion: version, temporaryPassword: z.string().min(1).max(200) }),
    permission: 'operators.manage',
    writes: true,
  }),
  'limits:list': channel<ApprovalLimit[]>()({ input: z.strictObject({}), permission: 'app.use' }),
  'limits:update': channel<ApprovalLimit>()({
    input: z.strictObject({
      role: z.enum(ROLES),
      kind: z.enum(APPROVAL_KINDS),
      currency: z.enum(CURRENCIES),
      maxMinor: z.number().int().min(0).max(1e13),
      note: z.string().trim().min(1).max(2000),
    }),
    permission: 'limits.manage',
    writes: true,
  }),
};
