import type Database from 'better-sqlite3';
import { checkpointFileOf, installAuditAnchor, readCheckpoint } from '../db/audit-anchor';
import type { AuditKeyProvider, KeyProvider } from '../db/audit-key';
import { CHAIN_AT_START_EVENTS, checkAuditAtStart } from '../db/audit-startup';
import type { ChainReport } from '../../shared/contract/audit';
import { isPostgresUrl } from '../db/engine';
import { raiseWarning } from '../db/integrity-warnings';
import { appendAuditSync } from '../db/audit';
import { structureCheckDeferred } from '../db/open';
import { OFF_MAIN, verifyChainOffMain } from '../workers/backup-work';
import { failInterruptedImports } from '../imports/interrupted';
import { removeStaleUploads } from '../imports/uploads';
import { activateDueWork, DUE_WORK_INTERVAL_MS } from './due-work';
import { isEmpty, openEngine } from './open-engine';
import { loadDemo } from '../seed/load-demo';
import { relayEvents } from './relay';
import { scheduleBackups } from '../api/backups/schedule';
import { setNativeBinding } from './native';
import { createServices } from '../api/core/services';
import type { Host } from '../api/core/context';
import type { Engine } from '../db/engine';
import type { PostgresEngine } from '../db/postgres/engine';

export interface BootOptions {
  /** A SQLite file path, or a postgres:// URL for team mode. */
  dbPath: string;
  /** The CA certificate file for a PostgreSQL server's TLS. */
  dbCaFile?: string;
  host: Host;
  /** Fill an empty database with the demo dataset (asked for), or leave it to the first-run screen. */
  demo: boolean;
  nativeBinding?: string;
  /** Where the audit chain's HMAC key is kept: never in the database (electron/db/audit-key.ts). */
  auditKey: AuditKeyProvider;
  /** The SQLite file's encryption key (electron/db/encryption.ts); without one the file stays plain. */
  databaseKey?: KeyProvider;
  log?: (line: string) => void;
  /** Tests: more events than this after the audit checkpoint are verified after start (CHAIN_AT_START_EVENTS). */
  chainAtStartEvents?: number;
  /** Tests: a fixed clock. */
  now?: () => Date;
}

/**
 * Opens the database and wires the services; shared by the Electron main process
 * and the browser-mode server so both hosts start the same way.
 */
export async function bootConsole(opts: BootOptions) {
  const log = opts.log ?? (() => {});
  setNativeBinding(opts.nativeBinding);
  // The keyed audit anchor is SQLite-only for now (README): a team database keeps its hash chain alone.
  const auditKey = isPostgresUrl(opts.dbPath) ? null : opts.auditKey.load();
  const databaseKey = isPostgresUrl(opts.dbPath) ? null : (opts.databaseKey?.load() ?? null);
  const engine: Engine = await openEngine({
    db: opts.dbPath,
    caFile: opts.dbCaFile,
    nativeBinding: opts.nativeBinding,
    auditKey,
    databaseKey,
    // quick_check and a write before anything is served: a damaged or read-only file stops here.
    checkHealth: true,
  });
  log(`Database: ${engine.kind === 'postgres' ? `PostgreSQL ${engine.label} (team mode)` : engine.label}`);
  const empty = await isEmpty(engine);
  if (empty && opts.demo) {
    log('Empty database: loading the demo dataset…');
    const summary = await loadDemo(engine);
    log(`Demo dataset ready in ${summary.millis} ms.`);
  } else if (empty) {
    // No operator and no demo credentials: the app opens on its first-run screen (setup:*).
    log('New database: create the first administrator on the first-run screen.');
  }
  const { chainChecked } =
    engine.sqlite && auditKey
      ? await checkSqliteAtStart(engine.sqlite, { auditKey, databaseKey }, empty, opts, log)
      : { chainChecked: null };
  if (engine.sqlite && structureCheckDeferred(engine.sqlite))
    checkStructureAfterStart(engine.sqlite, { databaseKey, nativeBinding: opts.nativeBinding }, log, opts.now);
  removeStaleUploads();
  const wiring = createServices(engine, opts.host, opts.now);
  const stopRelay =
    engine.kind === 'postgres' ? await relayEvents(wiring.services, engine as PostgresEngine, log) : async () => {};
  await activateDueWork(wiring.services);
  // Due work also happens while the app runs; unref'd so the timer never keeps a host alive.
  let stopped = false;
  const timer = setInterval(() => {
    if (!stopped) activateDueWork(wiring.services).catch((err) => log(`Due work failed: ${String(err)}`));
  }, DUE_WORK_INTERVAL_MS);
  timer.unref();
  const stopBackups = engine.sqlite ? scheduleBackups(wiring.services, log) : () => {};
  const stopTimers = () => {
    clearInterval(timer);
    stopBackups();
  };
  return {
    engine,
    /** The SQLite connection (null in team mode). */
    sqlite: engine.sqlite as Database.Database | null,
    /** The start's audit chain check, settled once its findings are recorded (null in team mode). */
    chainChecked,
    ...wiring,
    stopTimers,
    /** Stops the timers and the event relay and closes the database. */
    async close() {
      stopped = true;
      stopTimers();
      await stopRelay();
      // After a restore from Settings the services stand on another connection: close that one.
      await wiring.services.engine.close();
      if (wiring.services.engine !== engine) await engine.close();
    },
  };
}

/**
 * A file too large to structure-check before serving (open.ts) is checked now, on the checks
 * thread, while the host serves. Damage is logged, recorded in the audit trail where it can
 * still be written, and shown to the administrators; a damaged page read meanwhile fails
 * with DB_CORRUPT on its own.
 */
function checkStructureAfterStart(
  sqlite: Database.Database,
  access: { databaseKey: Buffer | null; nativeBinding?: string },
  log: (line: string) => void,
  now: () => Date = () => new Date(),
): void {
  log('Large database file: its structure is checked in the background.');
  OFF_MAIN.structure(sqlite.name, access).then(
    (problems) => {
      if (problems.length === 1 && problems[0] === 'ok') return log('Database structure check: ok.');
      const found = problems.slice(0, 3).join('; ');
      log(`WARNING: the database file is damaged (${found}).`);
      raiseWarning(sqlite, 'DATABASE_DAMAGED', { problems: found });
      try {
        appendAuditSync(sqlite, {
          at: now().toISOString(),
          operatorId: null,
          operatorRole: null,
          action: 'database.damaged',
          entityType: 'database',
          entityId: null,
          after: { problems: found },
          host: 'system',
        });
      } catch {
        // The damage may be where the event would go; the warning and the log stand.
      }
    },
    (err: unknown) => log(`The background structure check could not run: ${String(err)}`),
  );
}

/**
 * The desk's file at start: the audit anchor checked (and restored triggers), interrupted
 * imports failed. A long unverified stretch of the chain (a copy that came without its
 * checkpoint) is walked on the checks thread while the host serves.
 */
async function checkSqliteAtStart(
  sqlite: Database.Database,
  keys: { auditKey: Buffer; databaseKey: Buffer | null },
  fresh: boolean,
  opts: BootOptions,
  log: (line: string) => void,
): Promise<{ chainChecked: Promise<ChainReport | null> }> {
  const anchor = installAuditAnchor(sqlite, keys.auditKey, checkpointFileOf(opts.dbPath));
  const afterStart = {
    above: opts.chainAtStartEvents ?? CHAIN_AT_START_EVENTS,
    verify: () => {
      log('Long unverified audit chain: it is verified in the background; no checkpoint is signed until it is.');
      const checkpoint = readCheckpoint(anchor.file, anchor.key);
      const access = { databaseKey: keys.databaseKey, nativeBinding: opts.nativeBinding };
      return verifyChainOffMain(sqlite.name, { key: anchor.key, checkpoint, fromCheckpoint: true, ...access }, () =>
        anchor.verify(true),
      );
    },
  };
  const audit = await checkAuditAtStart(sqlite, anchor, { fresh, afterStart, now: opts.now });
  const chainChecked = audit.chainChecked.then(
    (chain) => {
      if (!chain.intact) log(`WARNING: the audit chain does not verify (${chain.problem} at #${chain.firstBrokenId}).`);
      else if (!audit.chain) log(`Audit chain verified in the background: ${chain.checked} events.`);
      return chain;
    },
    // The host closed while the walk ran: nothing is signed, and the next start checks again.
    (err: unknown) => {
      log(`The audit chain check did not finish: ${String(err)}`);
      return null;
    },
  );
  // An import that was running when the last process stopped can never finish: say so now.
  const interrupted = failInterruptedImports(
    sqlite,
    { operatorId: null, operatorRole: null, host: opts.host },
    opts.now?.() ?? new Date(),
  );
  if (interrupted.length) raiseWarning(sqlite, 'IMPORTS_INTERRUPTED', { imports: interrupted.join(', ') });
  // Wrapped: an async function waits for a promise it returns, and so would the host.
  return { chainChecked };
}
