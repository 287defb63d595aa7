// npm run package:check: packages the app for this machine with electron-builder, using a stub
// Electron distribution (the real binary cannot be downloaded here), and checks what would ship:
// the asar's entry points, the native binding outside it, no tests, the size budget, the fuses.
// The installers themselves are built by CI on each OS (.github/workflows/desktop.yml).
import { getRawHeader, listPackage } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Arch, build, Platform } from 'electron-builder';
import { builderConfig } from '../electron-builder.config';
import { checkPackage, type PackageCheck } from './package/checks';
import { writeStubElectron } from './package/stub-electron';

const root = path.resolve(import.meta.dirname, '..');
const work = path.join(root, '.cache', 'package-check');

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'index.js'))) {
    const res = spawnSync('npx', ['electron-vite', 'build'], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (res.status !== 0) return 1;
  }
  fs.rmSync(work, { recursive: true, force: true });
  const stub = writeStubElectron(path.join(work, 'electron-dist'));
  const arch = process.arch === 'arm64' ? Arch.arm64 : Arch.x64;
  const output = path.join(work, 'dist');
  const started = Date.now();
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', arch),
    config: { ...builderConfig({ ...process.env, WALLET_OPS_PACKAGE_OUT: output }), electronDist: stub },
    publish: 'never',
  });
  const appOutDir = path.join(output, arch === Arch.arm64 ? 'linux-arm64-unpacked' : 'linux-unpacked');
  const resources = path.join(appOutDir, 'resources');
  const asar = path.join(resources, 'app.asar');
  const result: PackageCheck[] = await checkPackage({
    asarFiles: listPackage(asar, { isPack: false }).map((f) => f.replace(/\\/g, '/')),
    asarHeader: getRawHeader(asar).header,
    resources,
    executable: path.join(appOutDir, 'wallet-ops-console'),
    platformKey: `linux-${arch === Arch.arm64 ? 'arm64' : 'x64'}`,
  });
  console.log(`\nPackaged in ${((Date.now() - started) / 1000).toFixed(1)} s: ${path.relative(root, appOutDir)}`);
  for (const c of result) console.log(`${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
  const failed = result.filter((c) => !c.ok).length;
  console.log(
    failed ? `\npackage check: ${failed} of ${result.length} failed` : `\npackage check: all ${result.length} passed`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
