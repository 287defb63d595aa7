import { z } from 'zod';
import { channel } from './define';

/** What an administrator must know about the audit trail and the database (a banner in the shell). */
export const INTEGRITY_WARNINGS = [
  /** Someone dropped or altered the append-only triggers; they were put back at start. */
  'AUDIT_TRIGGERS_RESTORED',
  /** At start the chain did not verify against the last signed checkpoint. */
  'AUDIT_CHAIN_BROKEN',
  /** The chain carries signed events but the checkpoint file beside the database is gone. */
  'AUDIT_CHECKPOINT_MISSING',
  /** Imports that were running when the app stopped; marked failed at start. */
  'IMPORTS_INTERRUPTED',
  /** A scheduled backup could not be written or did not verify. */
  'BACKUP_FAILED',
  /** The structure check of a large file, run on a worker after start, found damage. */
  'DATABASE_DAMAGED',
] as const;
export type IntegrityWarningCode = (typeof INTEGRITY_WARNINGS)[number];

export interface IntegrityWarning {
  code: IntegrityWarningCode;
  at: string;
  details: Record<string, string | number | null>;
}

export interface IntegrityStatus {
  warnings: IntegrityWarning[];
  /** The last signed checkpoint written beside the database. */
  checkpoint: { count: number; at: string } | null;
}

export const integrityChannels = {
  'integrity:status': channel<IntegrityStatus>()({ input: z.strictObject({}), permission: 'system.integrity' }),
};
