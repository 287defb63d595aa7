// The packaged app's executable under an electron-builder output folder, and a one-time launch of it.
//   node scripts/packaged-app.mjs --print dist       prints the executable's path
//   node scripts/packaged-app.mjs --self-test dist   starts it on a fresh profile; it must open its
//                                                    window, load the renderer and exit 0 (CI)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PRODUCT = 'Wallet Ops Console';

/** The executable electron-builder left in `dist` for this OS (either architecture). */
export function packagedExecutable(dist, platform = process.platform) {
  const candidates = fs.existsSync(dist) ? fs.readdirSync(dist) : [];
  for (const dir of candidates) {
    const base = path.join(dist, dir);
    const exe =
      platform === 'win32'
        ? path.join(base, `${PRODUCT}.exe`)
        : platform === 'darwin'
          ? path.join(base, `${PRODUCT}.app`, 'Contents', 'MacOS', PRODUCT)
          : path.join(base, 'wallet-ops-console');
    if (/unpacked$|^mac/.test(dir) && fs.existsSync(exe)) return exe;
  }
  throw new Error(`No packaged ${PRODUCT} under ${dist} (looked in: ${candidates.join(', ') || 'nothing'})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [mode, dist = 'dist'] = process.argv.slice(2);
  const exe = packagedExecutable(path.resolve(dist));
  if (mode === '--print') {
    console.log(exe);
  } else if (mode === '--self-test') {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-self-test-'));
    const args = [
      '--self-test',
      `--user-data-dir=${profile}`,
      ...(process.platform === 'linux' ? ['--no-sandbox'] : []),
    ];
    console.log(`Launching ${exe} ${args.join(' ')}`);
    const res = spawnSync(exe, args, { encoding: 'utf8', timeout: 120_000 });
    process.stdout.write(res.stdout ?? '');
    process.stderr.write(res.stderr ?? '');
    fs.rmSync(profile, { recursive: true, force: true });
    if (res.status !== 0) {
      console.error(`The packaged app failed its self-test (exit ${res.status ?? res.signal ?? res.error}).`);
      process.exit(1);
    }
    console.log('The packaged app started, loaded its window and quit cleanly.');
  } else {
    console.error('usage: node scripts/packaged-app.mjs --print|--self-test <dist folder>');
    process.exit(2);
  }
}
