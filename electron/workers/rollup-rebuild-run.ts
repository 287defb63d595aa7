import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { nativeBinding } from '../host/native';
import { pendingRebuild, rebuildPendingRollups } from '../db/rollups/rebuild';
import { workerEntry } from './entries';
import type { RollupRebuildMessage } from './rollup-rebuild';

interface Run {
  /** Where the last rebuild ran: for tests that it stayed off the main thread. */
  ranIn: 'worker' | 'main' | null;
  running: Promise<void> | null;
}

const runs = new WeakMap<Database.Database, Run>();

/** Where the last rollup rebuild of this connection's file ran. */
export function rollupRebuildRanIn(sqlite: Database.Database): 'worker' | 'main' | null {
  return runs.get(sqlite)?.ranIn ?? null;
}

/**
 * Starts the rebuild a business-time-zone change asked for (SQLite), unless one is running:
 * that one builds again when it finds the zone changed meanwhile. Resolves when no rebuild is
 * left; `onSwapped` runs when new rollups are in. Without a worker to load (unit tests) the same
 * steps run here at once, on main's connection, as the rebuild did before it moved.
 */
export function startRollupRebuild(sqlite: Database.Database, onSwapped: () => void): Promise<void> {
  let run = runs.get(sqlite);
  if (!run) runs.set(sqlite, (run = { ranIn: null, running: null }));
  if (run.running) return run.running;
  const r = run;
  const once = (): Promise<boolean> => {
    const entry = workerEntry('rollupRebuild');
    if (!entry) {
      let swapped = false;
      for (let step = rebuildPendingRollups(sqlite); step; step = rebuildPendingRollups(sqlite)) {
        swapped ||= step.outcome === 'swapped';
      }
      r.ranIn = 'main';
      return Promise.resolve(swapped);
    }
    return new Promise((resolve, reject) => {
      const worker = new Worker(entry.file, {
        workerData: { dbPath: sqlite.name, nativeBinding: nativeBinding() },
        eval: entry.eval,
      });
      worker.on('message', (m: RollupRebuildMessage) => {
        if (m.type === 'error') return reject(new Error(m.message));
        if (m.threadId === 0) return reject(new Error('The rollup rebuild ran on the main thread'));
        r.ranIn = 'worker';
        resolve(m.zone !== null);
      });
      worker.on('error', reject);
      worker.on('exit', () => reject(new Error('The rollup rebuild stopped unexpectedly.')));
    });
  };
  r.running = (async () => {
    try {
      // A change that came after the worker's last look at the zone is built by another run.
      do {
        if (await once()) onSwapped();
      } while (sqlite.open && pendingRebuild(sqlite) !== null);
    } catch (err) {
      // The old rollups stay whole and the zone stays pending: the due-work timer tries again.
      console.error('Rebuilding the call-volume rollups failed:', err);
    } finally {
      r.running = null;
    }
  })();
  return r.running;
}

/** A rebuild is asked for and none is running here (the app stopped during one): start it. */
export function resumeRollupRebuild(sqlite: Database.Database, onSwapped: () => void): boolean {
  const pending = pendingRebuild(sqlite) !== null;
  if (pending && !runs.get(sqlite)?.running) void startRollupRebuild(sqlite, onSwapped);
  return pending;
}
