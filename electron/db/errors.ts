import { AppError } from '../../shared/contract/errors';

export type DatabaseErrorCode = 'DB_FULL' | 'DB_READ_ONLY' | 'DB_CORRUPT';

const MESSAGES: Record<DatabaseErrorCode, string> = {
  DB_FULL: 'The disk holding the database is full. Nothing was saved; free space, then try again.',
  DB_READ_ONLY: 'The database file cannot be written (read-only file, folder or disk). Nothing was saved.',
  DB_CORRUPT: 'The database file is damaged. Nothing was saved; restore it from a backup.',
};

/**
 * What a failure of the disk or the file means for the operator, from SQLite's extended
 * code (better-sqlite3 puts it in err.code) or Node's errno code; null for anything else. These are facts about
 * the machine, not bugs, so they get their own codes and translated advice.
 */
export function databaseErrorCode(err: unknown): DatabaseErrorCode | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  // The same failures met by Node itself (creating the file, a backup, the checkpoint).
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'DB_FULL';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'DB_READ_ONLY';
  if (code === 'SQLITE_FULL') return 'DB_FULL';
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') return 'DB_READ_ONLY';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'DB_CORRUPT';
  return null;
}

export function databaseError(code: DatabaseErrorCode, detail?: string): AppError {
  return new AppError(code, detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code]);
}

/** The translated-by-code error for a disk or file failure, or null for anything else. */
export function asDatabaseError(err: unknown): AppError | null {
  const code = databaseErrorCode(err);
  return code ? databaseError(code) : null;
}
