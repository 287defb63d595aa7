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
  /** Fill an empty database with the demo dataset (asked for), or leave it to the first-run screen. */
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
    // No operator and no demo credentials: the app opens on its first-run screen (setup:*).
    log('New database: create the first administrator on the first-run screen.');
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
