import type { Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { E2E_DB_KEY_FILE } from './database';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The Electron binary, when it is installed (it cannot be downloaded on CI here). Read from the
 * electron package's path.txt: requiring the package would try to download the binary.
 */
export function electronBinary(): string | null {
  const pkg = path.resolve('node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

/**
 * How the electron project starts the app: the packaged QA build named by WALLET_OPS_ELECTRON_APP
 * (CI), else `electron .` from this checkout; or why it cannot here.
 */
export function electronLaunch(): { executablePath: string; args: string[] } | { skip: string } {
  const sandbox = process.platform === 'linux' ? ['--no-sandbox'] : []; // Linux CI has no setuid sandbox helper
  const packaged = process.env.WALLET_OPS_ELECTRON_APP;
  if (packaged) return { executablePath: packaged, args: sandbox };
  const bin = electronBinary();
  if (!bin)
    return {
      skip: 'the Electron binary is not installed here (its download is impossible on this machine); the browser project runs these specs',
    };
  return { executablePath: bin, args: ['.', ...sandbox] };
}

const filePickers = new WeakMap<Page, (file: string) => Promise<void>>();

/** The electron fixture's stand-in for the OS file dialog: the next dialog answers with `file`. */
export function setNativeFilePicker(page: Page, pick: (file: string) => Promise<void>): void {
  filePickers.set(page, pick);
}

export function nativeFilePicker(page: Page): ((file: string) => Promise<void>) | undefined {
  return filePickers.get(page);
}

/** Playwright's own Chromium if installed, else the system's. */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (fs.existsSync(p)) return p;
  return undefined; // let Playwright use its bundled browser
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Starts the browser-mode host on a database file and resolves with its URL. `startMs`: a copy
 * without its signed checkpoint has its whole audit chain verified before the host answers
 * (2.3M events at the huge scale take longer than the default).
 */
export function startBrowserHost(
  dbPath: string,
  extraEnv: Record<string, string> = {},
  startMs = 30_000,
): Promise<{ url: string; proc: ChildProcess; output: () => string }> {
  const proc = spawn(process.execPath, [path.resolve('out/main/server.js'), '--db', dbPath, '--port', '0'], {
    env: { ...process.env, WALLET_OPS_DB_KEY: E2E_DB_KEY_FILE, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), startMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], proc, output: () => out });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      out += `\n[host exited: ${code ?? signal}]`;
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
}
