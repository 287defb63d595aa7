import { z } from 'zod';
import { channel } from './define';
import type { Permission, Role } from '../domain/roles';

export interface SessionInfo {
  operatorId: number;
  username: string;
  displayName: string;
  role: Role;
  permissions: Permission[];
  mustChangePassword: boolean;
  locked: boolean;
}

const credentials = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const sessionChannels = {
  'session:current': channel<SessionInfo | null>()({ input: z.strictObject({}), permission: null }),
  'session:signIn': channel<SessionInfo>()({ input: credentials, permission: null, writes: true }),
  'session:signOut': channel<null>()({ input: z.strictObject({}), permission: null, writes: true }),
  /**
   * The operator's own input (key, click, scroll), sent by the renderer at most every few
   * seconds. The only call that keeps a session from idling into the lock.
   */
  'session:activity': channel<null>()({ input: z.strictObject({}), permission: null }),
  /** Idle lock: the renderer keeps its state; main refuses calls until unlocked. */
  'session:lock': channel<null>()({ input: z.strictObject({}), permission: null }),
  'session:unlock': channel<SessionInfo>()({
    input: z.strictObject({ password: z.string().min(1).max(200) }),
    permission: null,
    writes: true,
  }),
  'session:changePassword': channel<SessionInfo>()({
    input: z.strictObject({
      currentPassword: z.string().min(1).max(200),
      newPassword: z.string().min(1).max(200),
    }),
    permission: null,
    writes: true,
  }),
};
