import { BACKUP_ERROR_CODES } from './backups';
import { CASE_ERROR_CODES } from './case-errors';

/**
 * Every error code that may cross the IPC boundary. The renderer translates
 * by code (`errors.<CODE>` in each locale); the English message is for logs.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_CHANNEL',
  'UNAUTHENTICATED',
  'SESSION_LOCKED',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED_OUT',
  'OPERATOR_DISABLED',
  'PASSWORD_CHANGE_REQUIRED',
  'PASSWORD_TOO_WEAK',
  'USERNAME_TAKEN',
  'ALREADY_SET_UP',
  'NOT_FOUND',
  'STALE_VERSION',
  'CANNOT_MODIFY_SELF',
  'CASE_CHANGED',
  'CASE_NOT_DECIDABLE',
  'CASE_OWNED_BY_OTHER',
  'JUDICIAL_FREEZE',
  'FREEZE_BLOCKS_PAYOUT',
  'FREEZE_WARNING_NOT_ACKNOWLEDGED',
  'IDENTITY_CHECKS_INCOMPLETE',
  'BALANCE_NOT_ZERO',
  'NO_VERIFIED_CARD',
  'MAKER_CANNOT_APPROVE',
  'REVIEW_DATE_REQUIRED',
  'REVIEW_DATE_IN_PAST',
  'NOT_LOW_RISK',
  'IDEMPOTENCY_KEY_REUSED',
  'LOOKUP_RATE_LIMITED',
  'CURSOR_MISMATCH',
  'TOO_MANY_VIEWS',
  'FEE_RULE_INVALID',
  'FEE_RULES_OVERLAP',
  'FEE_VERSION_LOCKED',
  'FEE_WRONG_STATUS',
  'FEE_SELF_APPROVAL',
  'FEE_EFFECTIVE_NOT_FUTURE',
  'FEE_NO_ACTIVE_VERSION',
  'INTERNAL',
  'REFUND_EXCEEDS_REMAINING',
  'REFUND_CHANGED',
  'REFUND_NOT_REFUNDABLE',
  'REFUND_CURRENCY_MISMATCH',
  'REFUND_OUTSIDE_WINDOW',
  'REFUND_OVER_LIMIT',
  'REFUND_FOUR_EYES',
  'REFUND_DUPLICATE_SUSPECTED',
  'REFUND_INVALID_STATE',
  'REFUND_NOTE_REQUIRED',
  'RANGE_TOO_LONG',
  'CONTACT_CASE_MISMATCH',
  'IMPORT_PICK_UNSUPPORTED',
  'IMPORT_FILE_TOO_LARGE',
  'IMPORT_FILE_UNREADABLE',
  'IMPORT_MAPPING_INCOMPLETE',
  'IMPORT_ALREADY_RUNNING',
  'IMPORT_NOT_RUNNING',
  // Refusals by the browser-mode host itself, before dispatch (electron/server/).
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'SIMULATION_QUEUE_FULL',
  'EXPORT_QUEUE_FULL',
  // The disk or the database file, not the input (electron/db/errors.ts).
  'DB_FULL',
  'DB_READ_ONLY',
  'DB_CORRUPT',
  // Team mode (PostgreSQL): a feature not ported yet, and a database that cannot be reached.
  'NOT_SUPPORTED',
  'DATABASE_UNAVAILABLE',
  // A simulation's own connection to the team database dropped mid-scan (electron/workers/fee-simulation-postgres.ts).
  'SIMULATION_CONNECTION_LOST',
  ...CASE_ERROR_CODES,
  ...BACKUP_ERROR_CODES,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  /** Field-level details for VALIDATION: path → issue code. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };

/** Thrown inside handlers; dispatch turns it into `{ ok:false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
