import { stopCountThread } from '../../workers/count-thread';
import type Database from 'better-sqlite3';
import type { BackupInfo, BackupStatus, RestoreRequest, RestoreResult } from '../../../shared/contract/backups';
import { AppError } from '../../../shared/contract/errors';
import type { Role } from '../../../shared/domain/roles';
import { appendAuditSync } from '../../db/audit';
import { anchorOf, checkCheckpoint, checkpointFileOf, installAuditAnchor } from '../../db/audit-anchor';
import { verifyChain } from '../../db/audit-verify';
import { createBackup, findBackup, listBackups, readBackupSettings, reverifyBackup } from '../../db/backup';
import { requireSqlite } from '../../db/engine';
import { raiseWarning } from '../../db/integrity-warnings';
import { keyForFile } from '../../db/encryption';
import { swapInBackup } from '../../db/restore';
import { sqliteEngine } from '../../db/sqlite-engine';
import { anyImportRunning } from '../../imports/jobs';
import { nativeBinding } from '../../host/native';
import { OFF_MAIN } from '../../workers/backup-work';
import type { Host, Services } from '../core/context';
import { replaceEngine, servicesOf } from '../core/services';
import { nextRestoreRequestId, readPendingRestore, savePendingRestore } from './pending';

export interface Actor {
  operatorId: number | null;
  operatorRole: Role | null;
  host: Host | 'system';
  name?: string;
}
const SYSTEM: Actor = { operatorId: null, operatorRole: null, host: 'system' };

/** Per running console: one backup or restore at a time (the waiting restore request is in pending.ts). */
interface BackupState {
  busy: boolean;
  lastError: string | null;
  /** The first scheduled copy is due one interval after start, not at every start. */
  startedAt: Date;
}
const states = new WeakMap<Services, BackupState>();

/** The live services (never a call's copy: a restore replaces their engine) and their backup state. */
function live(engine: Services['engine'], what: string) {
  requireSqlite(engine, what);
  const services = servicesOf(engine);
  if (!services) throw new Error('services not registered');
  let state = states.get(services);
  if (!state) {
    state = { busy: false, lastError: null, startedAt: services.now() };
    states.set(services, state);
  }
  const sqlite = services.sqlite as Database.Database;
  const dbPath = sqlite.name;
  return { services, state, sqlite, dbPath, key: anchorOf(sqlite)?.key ?? null, databaseKey: keyForFile(dbPath) };
}

function record(services: Services, by: Actor, action: string, after: Record<string, unknown>, note?: string) {
  appendAuditSync(services.sqlite as Database.Database, {
    at: services.now().toISOString(),
    operatorId: by.operatorId,
    operatorRole: by.operatorRole,
    host: by.host,
    action,
    entityType: 'database',
    entityId: null,
    after,
    note: note ?? null,
  });
}

async function exclusive<T>(state: BackupState, work: () => Promise<T>): Promise<T> {
  if (state.busy || anyImportRunning())
    throw new AppError('BACKUP_BUSY', 'A backup, a restore or an import is running');
  state.busy = true;
  try {
    return await work();
  } finally {
    state.busy = false;
  }
}

const WHAT = 'Backups of the database';

export function backupStatus(engine: Services['engine']): BackupStatus {
  const { state, sqlite, dbPath } = live(engine, WHAT);
  const settings = readBackupSettings(dbPath);
  const list = listBackups(settings.folder);
  return {
    settings,
    list,
    running: state.busy,
    lastError: state.lastError,
    nextDueAt: nextDue(list, state, settings.everyHours).toISOString(),
    pendingRestore: readPendingRestore(sqlite, dbPath),
  };
}

function nextDue(list: BackupInfo[], state: BackupState, everyHours: number): Date {
  const last = list.find((b) => b.verified?.ok);
  const from = last ? Date.parse(last.createdAt) : state.startedAt.getTime();
  return new Date(from + everyHours * 3_600_000);
}

/** A backup now (the button, or the schedule); backup.created or backup.failed in the log either way. */
export function runBackup(engine: Services['engine'], by: Actor, reason: 'manual' | 'scheduled'): Promise<BackupInfo> {
  const { services, state, sqlite, dbPath, key, databaseKey } = live(engine, WHAT);
  return exclusive(state, async () => {
    try {
      const info = await createBackup(sqlite, readBackupSettings(dbPath), {
        key,
        databaseKey,
        work: OFF_MAIN,
        reason,
        now: services.now(),
        nativeBinding: nativeBinding(),
      });
      const summary = { name: info.name, bytes: info.bytes, events: info.events, reason, verified: info.verified.ok };
      if (!info.verified.ok) throw new AppError('BACKUP_FAILED', `The copy ${info.name} did not verify`);
      state.lastError = null;
      record(services, by, 'backup.created', summary);
      return info;
    } catch (err) {
      state.lastError = err instanceof Error ? err.message.slice(0, 300) : String(err);
      record(services, by, 'backup.failed', { reason, error: state.lastError });
      if (reason === 'scheduled') raiseWarning(sqlite, 'BACKUP_FAILED', { error: state.lastError }, services.now());
      if (err instanceof AppError) throw err;
      throw new AppError('BACKUP_FAILED', state.lastError);
    }
  });
}

/** The schedule's step: a backup when the last verified one is older than the interval. */
export async function backupIfDue(engine: Services['engine']): Promise<BackupInfo | null> {
  const { services, state, dbPath } = live(engine, WHAT);
  if (state.busy || anyImportRunning()) return null;
  const settings = readBackupSettings(dbPath);
  const due = nextDue(listBackups(settings.folder), state, settings.everyHours);
  return due.getTime() <= services.now().getTime() ? runBackup(engine, SYSTEM, 'scheduled') : null;
}

export function requestRestore(
  engine: Services['engine'],
  by: Actor & { operatorId: number; name: string },
  backup: string,
  reason: string,
) {
  const { services, sqlite, dbPath } = live(engine, WHAT);
  if (readPendingRestore(sqlite, dbPath))
    throw new AppError('RESTORE_ALREADY_PENDING', 'A restore request is already waiting');
  const found = findBackup(readBackupSettings(dbPath).folder, backup);
  if (!found) throw new AppError('NOT_FOUND', `No backup ${backup}`);
  if (!found.info.verified?.ok) throw new AppError('BACKUP_NOT_VERIFIED', `The backup ${backup} did not verify`);
  const request: RestoreRequest = {
    id: nextRestoreRequestId(dbPath),
    backup,
    reason,
    requestedBy: { id: by.operatorId, name: by.name },
    requestedAt: services.now().toISOString(),
  };
  // The event first: a request without its event does not count (pending.ts), the reverse cannot happen.
  record(services, by, 'backup.restoreRequested', { requestId: request.id, backup }, reason);
  savePendingRestore(dbPath, request);
  return request;
}

export function cancelRestore(engine: Services['engine'], by: Actor, requestId: number): void {
  const { services, sqlite, dbPath } = live(engine, WHAT);
  const pending = readPendingRestore(sqlite, dbPath);
  if (pending?.id !== requestId) throw new AppError('NOT_FOUND', `No restore request ${requestId}`);
  record(services, by, 'backup.restoreCancelled', { requestId, backup: pending.backup });
  savePendingRestore(dbPath, null);
}

/**
 * The second administrator's approval, and the restore itself: the backup is verified again,
 * the approval recorded in the database as it is, the files swapped (the current one kept
 * aside), the restored chain verified against the copy's signed checkpoint, and who asked, who
 * approved and that result recorded in the restored database. Every session ends: the restored
 * operators and passwords are the ones that count now.
 */
export function approveRestore(
  engine: Services['engine'],
  by: Actor & { operatorId: number },
  requestId: number,
): Promise<RestoreResult> {
  const { services, state, sqlite: current, dbPath, key, databaseKey } = live(engine, WHAT);
  return exclusive(state, async () => {
    const req = readPendingRestore(current, dbPath);
    if (req?.id !== requestId) throw new AppError('NOT_FOUND', `No restore request ${requestId}`);
    if (req.requestedBy.id === by.operatorId) {
      throw new AppError('RESTORE_FOUR_EYES', 'The administrator who asked for the restore cannot approve it');
    }
    const found = findBackup(readBackupSettings(dbPath).folder, req.backup);
    if (!found) throw new AppError('NOT_FOUND', `No backup ${req.backup}`);
    const check = await reverifyBackup(found, {
      key,
      databaseKey,
      work: OFF_MAIN,
      now: services.now(),
      nativeBinding: nativeBinding(),
    });
    if (!check.ok) throw new AppError('BACKUP_NOT_VERIFIED', `The backup does not verify: ${check.problem}`);
    const who = { requestId, backup: req.backup, requestedBy: req.requestedBy.id, approvedBy: by.operatorId };
    record(services, by, 'backup.restoreApproved', { ...who, backupVerified: true }, req.reason);
    anchorOf(services.sqlite)?.sync();
    savePendingRestore(dbPath, null);

    // Nothing may hold the file open while it is renamed aside (Windows refuses): not the counting thread.
    await stopCountThread(services.engine.id);
    const swap = swapInBackup(dbPath, found.file, {
      live: services.sqlite,
      auditKey: key,
      databaseKey,
      now: services.now(),
      nativeBinding: nativeBinding(),
    });
    const sqlite = swap.sqlite as Database.Database;
    replaceEngine(services, sqliteEngine(sqlite));
    const anchor = key ? installAuditAnchor(sqlite, key, checkpointFileOf(dbPath)) : null;
    if (!swap.restored) {
      const error = swap.error instanceof Error ? swap.error.message.slice(0, 300) : String(swap.error);
      record(services, by, 'backup.restoreFailed', { ...who, error }, req.reason);
      throw new AppError('RESTORE_FAILED', `The restore was stopped and the database left as it was: ${error}`);
    }
    const signed = (found.info as { checkpoint?: unknown }).checkpoint;
    const checkpoint = key && signed ? checkCheckpoint(key, signed) : null;
    const chain = await verifyChain(sqlite, { key, checkpoint });
    // The old checkpoint counted events the restored chain never had: start again from this one.
    anchor?.reset();
    record(services, by, 'backup.restored', { ...who, keptAside: swap.keptAside, chain }, req.reason);
    services.sessions.clear();
    services.emit('session:changed', {});
    return { restored: req.backup, keptAside: swap.keptAside as string, chain };
  });
}
