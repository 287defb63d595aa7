import { z } from 'zod';
import { channel } from './define';
import { username } from './operators';

export interface SetupStatus {
  /** No operator exists yet: the console shows the first-run screen instead of sign-in. */
  firstRun: boolean;
}

/**
 * The first run of an empty database: create the first administrator, or load the demo dataset
 * (its operators and published passwords) as an explicit choice. Both work only while the
 * database has no operator at all, so neither can be used to add an account later.
 */
export const setupChannels = {
  'setup:status': channel<SetupStatus>()({ input: z.strictObject({}), permission: null }),
  'setup:createAdmin': channel<{ username: string }>()({
    input: z.strictObject({
      username,
      displayName: z.string().trim().min(1).max(64),
      password: z.string().min(1).max(200),
    }),
    permission: null,
    writes: true,
  }),
  'setup:loadDemo': channel<{ customers: number }>()({ input: z.strictObject({}), permission: null, writes: true }),
};
