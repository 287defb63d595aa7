import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The pieces of the app a benchmark drives: the same names in the sources and the built bundle. */
export type BenchApp = typeof import('../../electron/server/cli') & { from: 'built' | 'sources' };

const BUILT = path.resolve('out/main/server.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The built app (out/main/server.js, rebuilt first when missing or older than the sources),
 * so the figures include what the build does (bundling, where the workers are found);
 * `--sources` measures the TypeScript through tsx instead.
 */
export async function loadBenchApp(sources: boolean): Promise<BenchApp> {
  if (sources) {
    process.env.WALLET_OPS_TS_WORKER = '1'; // the workers load their source through tsx
    return { ...(await import('../../electron/server/cli')), from: 'sources' };
  }
  const stale =
    !fs.existsSync(BUILT) || fs.statSync(BUILT).mtimeMs < Math.max(newestSource('electron'), newestSource('shared'));
  if (stale) {
    console.log('Building the app (out/ is missing or older than the sources)…');
    const res = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (res.status !== 0) throw new Error('The build failed; fix it or run with --sources');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ...(require(BUILT) as typeof import('../../electron/server/cli')), from: 'built' };
}
