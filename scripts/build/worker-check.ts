import path from 'node:path';
import type { Plugin } from 'vite';
import { CHUNK_DIR, WORKER_ENTRIES } from '../../electron/workers/entries';

interface OutputFile {
  type: 'chunk' | 'asset';
  isEntry?: boolean;
}

/**
 * Why a main-process bundle would not find its worker threads, or null. Every worker must
 * be an entry at the top of out/main, and every chunk must sit where bundleDir() maps it
 * back to out/main: at the top or in chunks/. (The workers were once looked for in
 * out/main/chunks/, so the built app ran imports and simulations on the main thread.)
 */
export function workerLayoutProblem(bundle: Record<string, OutputFile>): string | null {
  for (const name of Object.keys(WORKER_ENTRIES)) {
    const file = bundle[`${name}.js`];
    if (!file || file.type !== 'chunk' || !file.isEntry) {
      return `worker entry ${name}.js is missing from the main build (see electron/workers/entries.ts)`;
    }
  }
  for (const fileName of Object.keys(bundle)) {
    const dir = path.posix.dirname(fileName);
    if (fileName.endsWith('.js') && dir !== '.' && dir !== CHUNK_DIR) {
      return `${fileName} is built outside out/main and out/main/${CHUNK_DIR}; it could not find the workers`;
    }
  }
  return null;
}

/** Fails the electron-vite main build when a worker entry is missing or misplaced. */
export function workerCheck(): Plugin {
  return {
    name: 'wallet-ops:worker-check',
    apply: 'build',
    generateBundle(_options, bundle) {
      const problem = workerLayoutProblem(bundle as unknown as Record<string, OutputFile>);
      if (problem) this.error(problem);
    },
  };
}

/** The main build's inputs: the two hosts plus every worker, from the one list. */
export function mainInputs(root: string): Record<string, string> {
  const workers = Object.entries(WORKER_ENTRIES).map(([name, file]) => [name, path.resolve(root, file)]);
  return {
    index: path.resolve(root, 'electron/main/index.ts'),
    server: path.resolve(root, 'electron/server/cli.ts'),
    ...Object.fromEntries(workers),
  };
}
