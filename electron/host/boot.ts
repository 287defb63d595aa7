import type Database from 'better-sqlite3';
import { activateDueWork, DUE_WORK_INTERVAL_MS } from './due-work';
import { isEmpty, loadDemo, openEngine } from './open-engine';
import { relayEvents } from './relay';
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
  log?: (line: string) => void;
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
  const engine: Engine = await openEngine({
    db: opts.dbPath,
    caFile: opts.dbCaFile,
    nativeBinding: opts.nativeBinding,
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
  const stopTimers = () => clearInterval(timer);
  return {
    engine,
    /** The SQLite connection (null in team mode). */
    sqlite: engine.sqlite as Database.Database | null,
    ...wiring,
    stopTimers,
    /** Stops the timers and the event relay and closes the database. */
    async close() {
      stopped = true;
      stopTimers();
      await stopRelay();
      await engine.close();
    },
  };
}
