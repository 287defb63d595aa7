import type Database from 'better-sqlite3';
import { openDatabase } from '../db/open';
import { generateDataset } from '../seed/generate';
import { setNativeBinding } from './native';
import { activateDueWork, DUE_WORK_INTERVAL_MS } from './due-work';
import { createServices } from '../api/core/services';
import type { Host } from '../api/core/context';

export interface BootOptions {
  dbPath: string;
  host: Host;
  /** Fill an empty database with the demo dataset (default), or start it for real use. */
  demo: boolean;
  nativeBinding?: string;
  log?: (line: string) => void;
}

/**
 * Opens the database and wires the services; shared by the Electron main process
 * and the browser-mode server so both hosts start the same way.
 */
export async function bootConsole(opts: BootOptions) {
  const log = opts.log ?? (() => {});
  const sqlite: Database.Database = openDatabase(opts.dbPath, { nativeBinding: opts.nativeBinding });
  const empty = (sqlite.prepare('SELECT count(*) AS n FROM operators').get() as { n: number }).n === 0;
  if (empty && opts.demo) {
    log('Empty database: loading the demo dataset…');
    const summary = await generateDataset(sqlite, { scale: 'demo', seed: 1 });
    log(`Demo dataset ready in ${summary.millis} ms.`);
  } else if (empty) {
    await createFirstAdmin(sqlite);
    log('New database: sign in as "admin" with the one-time password printed below, then set your own.');
  }
  const wiring = createServices(sqlite, opts.host);
  setNativeBinding(opts.nativeBinding);
  await activateDueWork(wiring.services);
  // Due work also happens while the app runs; unref'd so the timer never keeps a host alive.
  const timer = setInterval(() => {
    if (sqlite.open) activateDueWork(wiring.services).catch((err) => log(`Due work failed: ${String(err)}`));
  }, DUE_WORK_INTERVAL_MS);
  timer.unref();
  return { sqlite, ...wiring, stopTimers: () => clearInterval(timer) };
}

async function createFirstAdmin(sqlite: Database.Database) {
  const { hashPassword } = await import('../api/session/passwords');
  const { randomBytes } = await import('node:crypto');
  // A one-time password the admin must change at first sign-in (must_change_password = 1).
  const oneTime = `${randomBytes(6).toString('base64url')}7a`;
  const hash = await hashPassword(oneTime);
  sqlite
    .prepare(
      "INSERT INTO operators (username, display_name, role, password_hash, must_change_password, created_at) VALUES ('admin', 'Administrator', 'admin', ?, 1, ?)",
    )
    .run(hash, new Date().toISOString());
  console.log(`First administrator: admin / ${oneTime}`);
}
