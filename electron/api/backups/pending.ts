import type Database from 'better-sqlite3';
import fs from 'node:fs';
import type { RestoreRequest } from '../../../shared/contract/backups';
import { writeFileAtomic } from '../../db/secure-files';

/**
 * The restore request waiting for its second administrator, kept so that it survives a restart.
 * In a 0600 file beside the database, not in it: the database is the thing a restore replaces,
 * and a request stored in it would be copied into every backup made while it waited, to come
 * back as a stale request after that backup is restored. The file is only a pointer: a request
 * counts only while the audit chain of the live database holds its `backup.restoreRequested`
 * event (same id, backup and administrator) with no cancel or approval after it, so writing the
 * file by hand cannot invent a request, nor pass one off as another administrator's.
 */
export function pendingRestoreFileOf(dbPath: string): string {
  return `${dbPath}.restore-request.json`;
}

interface Stored {
  pending: RestoreRequest | null;
  /** The last id given, so ids never repeat across restarts (the audit log refers to them). */
  lastId: number;
}

function read(dbPath: string): Stored {
  try {
    const raw = JSON.parse(fs.readFileSync(pendingRestoreFileOf(dbPath), 'utf8')) as Partial<Stored>;
    const lastId = Number.isInteger(raw.lastId) && (raw.lastId as number) > 0 ? (raw.lastId as number) : 0;
    return { pending: isRequest(raw.pending) ? raw.pending : null, lastId };
  } catch {
    return { pending: null, lastId: 0 };
  }
}

function isRequest(v: unknown): v is RestoreRequest {
  const r = v as RestoreRequest | null;
  return (
    !!r &&
    Number.isInteger(r.id) &&
    typeof r.backup === 'string' &&
    typeof r.reason === 'string' &&
    typeof r.requestedAt === 'string' &&
    Number.isInteger(r.requestedBy?.id) &&
    typeof r.requestedBy?.name === 'string'
  );
}

/** The decisions that close a request, in the audit log. */
const CLOSING = ['backup.restoreCancelled', 'backup.restoreApproved'];

/** The request the file names, if the audit log says it was made as written and is still open. */
export function readPendingRestore(sqlite: Database.Database, dbPath: string): RestoreRequest | null {
  const { pending } = read(dbPath);
  if (!pending) return null;
  const asked = sqlite
    .prepare(
      `SELECT id FROM audit_events WHERE action = 'backup.restoreRequested' AND operator_id = ?
         AND json_extract(after_json, '$.requestId') = ? AND json_extract(after_json, '$.backup') = ?
       ORDER BY id DESC LIMIT 1`,
    )
    .pluck()
    .get(pending.requestedBy.id, pending.id, pending.backup) as number | undefined;
  if (asked === undefined) return null;
  const closed = sqlite
    .prepare(
      `SELECT 1 FROM audit_events WHERE id > ? AND action IN (${CLOSING.map(() => '?').join(', ')})
         AND json_extract(after_json, '$.requestId') = ?`,
    )
    .get(asked, ...CLOSING, pending.id);
  return closed ? null : pending;
}

/** The next request id: one more than any given before on this database. */
export function nextRestoreRequestId(dbPath: string): number {
  return read(dbPath).lastId + 1;
}

/** Saves the waiting request (null: none waits any more), owner-only, replaced in one step. */
export function savePendingRestore(dbPath: string, pending: RestoreRequest | null): void {
  const lastId = Math.max(read(dbPath).lastId, pending?.id ?? 0);
  writeFileAtomic(pendingRestoreFileOf(dbPath), JSON.stringify({ pending, lastId } satisfies Stored, null, 2));
}
