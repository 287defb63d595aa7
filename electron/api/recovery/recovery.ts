import { CHANNEL_NAMES } from '../../../shared/contract';
import type { RecoveryStatus } from '../../../shared/contract/backups';
import { AppError } from '../../../shared/contract/errors';
import type { Role } from '../../../shared/domain/roles';
import { appendAuditSync } from '../../db/audit';
import { checkpointFileOf, installAuditAnchor } from '../../db/audit-anchor';
import { findBackup, listBackups, openCopy, readBackupSettings, reverifyBackup } from '../../db/backup';
import { openDatabase } from '../../db/open';
import { swapInBackup } from '../../db/restore';
import { OFF_MAIN } from '../../workers/backup-work';
import type { Handlers } from '../core/dispatch';
import type { Host } from '../core/context';
import { createServices } from '../core/services';
import { verifyPassword } from '../session/passwords';

export interface RecoveryOptions {
  dbPath: string;
  host: Host;
  key: Buffer | null;
  /** The database's encryption key: the backups are encrypted with it too. */
  databaseKey?: Buffer | null;
  /** Why the database could not be used (the DB_CORRUPT message). */
  problem: string;
  now?: () => Date;
}

/** Failed recovery sign-ins before the screen stops trying them for a while. */
const MAX_FAILURES = 5;
const PAUSE_MS = 60_000;

/** An active administrator of the backup itself, by the backup's own password hashes. */
async function backupAdmin(file: string, databaseKey: Buffer | null, username: string, password: string) {
  const db = openCopy(file, { databaseKey });
  let row: { id: number; role: Role; password_hash: string; disabled: number } | undefined;
  try {
    row = db
      .prepare('SELECT id, role, password_hash, disabled FROM operators WHERE username = ?')
      .get(username) as typeof row;
  } finally {
    db.close();
  }
  const ok = await verifyPassword(password, row?.password_hash ?? null);
  return ok && row && row.role === 'admin' && !row.disabled ? row : null;
}

/**
 * What the browser host serves when its database failed quick_check at start: nothing of the
 * console (every channel answers DB_CORRUPT, so no page is half-served), only the recovery
 * screen's two channels. With the database unreadable there is no second administrator to ask,
 * so one administrator of the chosen backup signs in with that backup's credentials (README).
 * The services stand on an empty in-memory database so dispatch works unchanged.
 */
export function startRecovery(opts: RecoveryOptions) {
  const now = opts.now ?? (() => new Date());
  const databaseKey = opts.databaseKey ?? null;
  const wiring = createServices(openDatabase(':memory:'), opts.host, now);
  let failures = 0;
  let pausedUntil = 0;
  let finish!: () => void;
  const whenRestored = new Promise<void>((resolve) => (finish = resolve));
  const refuse = async () => {
    throw new AppError('DB_CORRUPT', opts.problem);
  };
  const folder = () => readBackupSettings(opts.dbPath).folder;

  const handlers = Object.fromEntries(CHANNEL_NAMES.map((c) => [c, refuse])) as unknown as Handlers;
  handlers['recovery:status'] = async (): Promise<RecoveryStatus> => ({
    state: 'corrupt',
    problem: opts.problem,
    databaseFile: opts.dbPath,
    backups: listBackups(folder()).filter((b) => b.verified?.ok),
  });
  handlers['recovery:restore'] = async (_ctx, input) => {
    if (now().getTime() < pausedUntil)
      throw new AppError('ACCOUNT_LOCKED_OUT', 'Too many failed attempts; wait a minute');
    const found = findBackup(folder(), input.backup);
    if (!found) throw new AppError('NOT_FOUND', `No backup ${input.backup}`);
    const admin = await backupAdmin(found.file, databaseKey, input.username, input.password);
    if (!admin) {
      if (++failures >= MAX_FAILURES) {
        failures = 0;
        pausedUntil = now().getTime() + PAUSE_MS;
      }
      throw new AppError('RECOVERY_CREDENTIALS', 'Not an active administrator of this backup');
    }
    failures = 0;
    const check = await reverifyBackup(found, { key: opts.key, databaseKey, work: OFF_MAIN, now: now() });
    if (!check.ok) throw new AppError('BACKUP_NOT_VERIFIED', `The backup does not verify: ${check.problem}`);
    const swap = swapInBackup(opts.dbPath, found.file, { live: null, auditKey: opts.key, databaseKey, now: now() });
    if (!swap.restored || !swap.sqlite) {
      throw new AppError('RESTORE_FAILED', `The damaged file was left as it was: ${String(swap.error).slice(0, 300)}`);
    }
    const db = swap.sqlite;
    try {
      // The damaged file's checkpoint counted events the backup never had: start from this chain.
      if (opts.key) installAuditAnchor(db, opts.key, checkpointFileOf(opts.dbPath)).reset();
      appendAuditSync(db, {
        at: now().toISOString(),
        operatorId: admin.id,
        operatorRole: 'admin',
        action: 'backup.restored',
        entityType: 'database',
        entityId: null,
        after: {
          backup: input.backup,
          from: 'recovery',
          requestedBy: admin.id,
          approvedBy: null,
          keptAside: swap.keptAside,
        },
        note: opts.problem.slice(0, 500),
        host: opts.host,
      });
      if (opts.key) installAuditAnchor(db, opts.key, checkpointFileOf(opts.dbPath)).sync();
    } finally {
      db.close();
    }
    setImmediate(finish); // after this answer is sent, the host starts the console on the restored file
    return { restored: input.backup, keptAside: swap.keptAside as string };
  };

  return { ...wiring, handlers, whenRestored };
}
