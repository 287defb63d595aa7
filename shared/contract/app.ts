import { z } from 'zod';
import { channel } from './define';
import { callSettingsSchema } from './calls';
import type { CallSettings } from '../domain/contact-kpis';

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'browser';
  schemaVersion: number;
  timeZone: string;
  demo: boolean;
}

export interface Settings {
  timeZone: string;
  idleLockMinutes: number;
  /** Service-level target and thresholds, staffing assumptions and KPI targets (Call volumes). */
  calls: CallSettings;
}

export const appChannels = {
  'app:info': channel<AppInfo>()({ input: z.strictObject({}), permission: null }),
  /** Fails on purpose with a domain error; lets QA check error translation end to end. */
  'app:ping': channel<{ pong: true }>()({
    input: z.strictObject({ fail: z.boolean().default(false) }),
    permission: null,
  }),
  'settings:get': channel<Settings>()({ input: z.strictObject({}), permission: 'app.use' }),
  'settings:update': channel<Settings>()({
    input: z.strictObject({
      timeZone: z.string().min(1).max(64).optional(),
      idleLockMinutes: z.number().int().min(1).max(240).optional(),
      calls: callSettingsSchema.optional(),
    }),
    permission: 'settings.manage',
    writes: true,
  }),
};
