import fs from 'node:fs';
import path from 'node:path';

/**
 * The worker threads' entry points, by the file name electron-vite gives each bundle
 * (`out/main/<name>.js`). electron.vite.config.ts builds its inputs from this list and
 * fails the build when one is missing, so the app and its build cannot drift apart.
 */
export const WORKER_ENTRIES = {
  'import-worker': 'electron/imports/worker.ts',
  feeSimulation: 'electron/workers/fee-simulation.ts',
  backupCheck: 'electron/workers/backup-check.ts',
  csvExport: 'electron/workers/csv-export.ts',
  rollupRebuild: 'electron/workers/rollup-rebuild.ts',
  counter: 'electron/workers/counter.ts',
} as const;

export type WorkerName = keyof typeof WORKER_ENTRIES;

/** Where the build puts shared code: out/main/chunks/, one level below the entries. */
export const CHUNK_DIR = 'chunks';

/**
 * out/main, the folder of the entry bundles. Code that electron-vite splits into a shared
 * chunk runs from out/main/chunks/, so `__dirname` alone points one level too deep (the
 * bug that ran both workers' work on the main thread in the built app).
 */
export function bundleDir(dir: string = __dirname): string {
  return path.basename(dir) === CHUNK_DIR ? path.dirname(dir) : dir;
}

export interface WorkerEntry {
  file: string;
  /** `file` is code to evaluate (the tsx loader), not a path. */
  eval?: boolean;
  from: 'built' | 'source';
}

/**
 * The built worker beside the entry bundles; else, when WALLET_OPS_TS_WORKER=1 (tests and
 * source benchmarks), its TypeScript source through tsx; else null, and the caller runs
 * the same work in-process.
 */
export function workerEntry(name: WorkerName, dir: string = __dirname): WorkerEntry | null {
  const built = path.join(bundleDir(dir), `${name}.js`);
  if (fs.existsSync(built)) return { file: built, from: 'built' };
  if (process.env.WALLET_OPS_TS_WORKER === '1') {
    return sourceWorker(path.resolve(__dirname, '../..', WORKER_ENTRIES[name])); // run from sources: the repository root
  }
  return null;
}

/** A worker that runs a TypeScript source file: tsx's require hook, registered inside the new thread, compiles it on load. */
export function sourceWorker(source: string): WorkerEntry {
  return { file: `require('tsx/cjs'); require(${JSON.stringify(source)});`, eval: true, from: 'source' };
}
