// Installs what a fresh checkout lacks, using only Node built-ins (this runs before node_modules exists).
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function sh(cmd, opts = {}) {
  console.log(`$ ${cmd}`);
  execSync(cmd, { stdio: 'inherit', cwd: root, ...opts });
}

/**
 * npm packages. Electron's postinstall downloads its binary from outside; where
 * that cannot work the download is skipped here and tried once on its own, so a
 * failed download never fails the install (browser mode needs no binary).
 */
export function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const fresh =
    fs.existsSync(marker) && (!fs.existsSync(lock) || fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs);
  if (!fresh) {
    const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    // Not `npm ci`: npm leaves other platforms' optional packages out of the lock, then ci refuses it.
    sh('npm install --no-audit --no-fund', { env });
    tryElectronDownload();
  }
}

function tryElectronDownload() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') return;
  const install = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(install)) return;
  console.log('Fetching the Electron binary (optional; browser mode works without it)…');
  const res = spawnSync(process.execPath, [install], {
    cwd: path.dirname(install),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (res.status !== 0) {
    // One line of why, not the downloader's stack trace.
    const reason =
      `${res.stderr ?? ''}`
        .split('\n')
        .find((l) => /Error/.test(l))
        ?.trim() ?? 'no reason given';
    console.log(`The Electron binary could not be downloaded here (${reason}); the console will run in browser mode.`);
  }
}

/** The Electron binary's path when it is installed, else null. */
export function electronBinary() {
  try {
    const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
    if (!fs.existsSync(pathFile)) return null;
    const bin = path.join(root, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** A Chromium for the end-to-end tests: Playwright's own, the system's, or Debian's installed through apt. */
export function ensureChromium() {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return;
  if (['/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => fs.existsSync(p)) && hasCjkFonts()) return;
  const home = process.env.PLAYWRIGHT_BROWSERS_PATH ?? path.join(process.env.HOME ?? '', '.cache', 'ms-playwright');
  if (fs.existsSync(home) && fs.readdirSync(home).some((d) => d.startsWith('chromium'))) return;
  if (process.platform !== 'linux' || !commandExists('apt-get')) {
    throw new Error(
      'No Chromium found for the end-to-end tests. Install Chromium, or run "npx playwright install chromium".',
    );
  }
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  sh(`${sudo}apt-get update -qq`);
  sh(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk xvfb`);
}

function hasCjkFonts() {
  return ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/noto'].some(
    (d) => fs.existsSync(d) && fs.readdirSync(d).some((f) => /CJK/i.test(f)),
  );
}

function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}
