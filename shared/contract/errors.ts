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
  'NOT_FOUND',
  'STALE_VERSION',
  'CANNOT_MODIFY_SELF',
  'FEE_RULE_INVALID',
  'FEE_RULES_OVERLAP',
  'FEE_VERSION_LOCKED',
  'FEE_WRONG_STATUS',
  'FEE_SELF_APPROVAL',
  'FEE_EFFECTIVE_NOT_FUTURE',
  'FEE_NO_ACTIVE_VERSION',
  'INTERNAL',
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

export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}
