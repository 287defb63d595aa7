import { z } from 'zod';
import type { ChainReport } from './audit';
import { channel, id } from './define';

/** Error codes of backups and restores (issue 12 §5); errors.ts lists them with the rest. */
export const BACKUP_ERROR_CODES = [
  /** The copy could not be written or did not verify; nothing was kept. */
  'BACKUP_FAILED',
  /** Another backup, a restore or a contact import is running: one at a time. */
  'BACKUP_BUSY',
  /** The folder cannot be created or written by this user. */
  'BACKUP_FOLDER_UNUSABLE',
  /** The backup chosen for a restore no longer verifies (damaged or altered since). */
  'BACKUP_NOT_VERIFIED',
  /** The administrator who asked for a restore cannot approve it. */
  'RESTORE_FOUR_EYES',
  /** A restore request is already waiting for approval. */
  'RESTORE_ALREADY_PENDING',
  /** The restore was stopped; the database is as it was before. */
  'RESTORE_FAILED',
  /** The recovery screen's sign-in: not an active administrator of the chosen backup. */
  'RECOVERY_CREDENTIALS',
  /** Browser mode has no folder dialog: the folder is typed in. */
  'BACKUP_PICK_UNSUPPORTED',
] as const;

/** A backup's file name: only names the console itself gives (nothing with a path in it). */
export const BACKUP_NAME = /^wallet-ops-\d{8}T\d{9}Z\.db$/;
const backupName = z.string().max(80).regex(BACKUP_NAME);

export const BACKUP_REASONS = ['manual', 'scheduled'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export interface BackupSettings {
  /** An absolute folder the administrator picked. */
  folder: string;
  everyHours: number;
  /** How many generations are kept; older ones are deleted. */
  keep: number;
}

export interface BackupVerification {
  at: string;
  quickCheck: string;
  chain: ChainReport;
  /** Rows per table in the copy, equal to the database's when it was written. */
  rows: Record<string, number>;
  ok: boolean;
}

export interface BackupInfo {
  name: string;
  createdAt: string;
  bytes: number;
  reason: BackupReason;
  /** Audit events in the copy. */
  events: number;
  verified: BackupVerification;
}

export interface RestoreRequest {
  id: number;
  backup: string;
  reason: string;
  requestedBy: { id: number; name: string };
  requestedAt: string;
}

export interface BackupStatus {
  settings: BackupSettings;
  list: BackupInfo[];
  running: boolean;
  lastError: string | null;
  nextDueAt: string;
  pendingRestore: RestoreRequest | null;
}

export interface RestoreResult {
  restored: string;
  /** Where the database as it was before the restore was kept (never deleted). */
  keptAside: string;
  chain: ChainReport;
}

/** What the recovery screen shows when the database failed its check at start (browser mode). */
export interface RecoveryStatus {
  state: 'ok' | 'corrupt';
  problem: string | null;
  databaseFile: string | null;
  backups: BackupInfo[];
}

const settingsInput = z.strictObject({
  folder: z.string().trim().min(1).max(1000),
  everyHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  keep: z.number().int().min(1).max(365),
});

export const backupChannels = {
  'backups:status': channel<BackupStatus>()({ input: z.strictObject({}), permission: 'system.integrity' }),
  'backups:configure': channel<BackupSettings>()({
    input: settingsInput,
    permission: 'system.integrity',
    writes: true,
  }),
  /** Desktop only: the OS folder dialog. It only fills the field; backups:configure checks and saves. */
  'backups:pickFolder': channel<{ folder: string } | null>()({
    input: z.strictObject({}),
    permission: 'system.integrity',
  }),
  'backups:run': channel<BackupInfo>()({ input: z.strictObject({}), permission: 'system.integrity', writes: true }),
  'backups:requestRestore': channel<RestoreRequest>()({
    input: z.strictObject({ backup: backupName, reason: z.string().trim().min(5).max(500) }),
    permission: 'system.integrity',
    writes: true,
  }),
  'backups:cancelRestore': channel<null>()({
    input: z.strictObject({ requestId: id }),
    permission: 'system.integrity',
    writes: true,
  }),
  'backups:approveRestore': channel<RestoreResult>()({
    input: z.strictObject({ requestId: id }),
    permission: 'system.integrity',
    writes: true,
  }),
  // Before sign-in: the console cannot sign anyone in while its database is damaged.
  'recovery:status': channel<RecoveryStatus>()({ input: z.strictObject({}), permission: null }),
  'recovery:restore': channel<{ restored: string; keptAside: string }>()({
    input: z.strictObject({
      backup: backupName,
      username: z.string().trim().min(1).max(100),
      password: z.string().min(1).max(200),
    }),
    permission: null,
    writes: true,
  }),
};
