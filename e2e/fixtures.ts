import {
  test as base,
  chromium,
  _electron,
  type ElectronApplication,
  type Page,
  type TestInfo,
} from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { E2E_DB_KEY_FILE } from './database';
import { CHROMIUM_ARGS, chromiumPath, electronLaunch, setNativeFilePicker, startBrowserHost } from './hosts';
import { ConsolePage } from './pages/ConsolePage';

export type HostKind = 'electron' | 'browser';

interface AppFixture {
  page: Page;
  console: ConsolePage;
  host: HostKind;
  dbPath: string;
  /** The Electron app, in the electron project. */
  electron?: ElectronApplication;
}

const TEMPLATE = path.resolve('.cache/e2e/template.db');

/**
 * `app`: a fresh copy of the seeded database and the console on it: in the `electron` project
 * the real app (`electron .` or the packaged QA build, with its own profile holding the
 * database), in the `browser` project browser mode under Chromium. Specs cannot tell which,
 * as the renderer cannot. Where the Electron binary is missing, electron tests are skipped
 * with the reason.
 */
export const test = base.extend<{ app: AppFixture; lang: 'en-US' | 'zh-CN' }, { host: HostKind }>({
  host: ['browser', { option: true, scope: 'worker' }],
  lang: ['en-US', { option: true }],
  app: async ({ lang, host }, use, testInfo) => {
    const launch = host === 'electron' ? electronLaunch() : null;
    if (host === 'electron' && 'skip' in launch!) testInfo.skip(true, launch.skip);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-e2e-'));
    try {
      if (launch && 'executablePath' in launch) {
        // Each test its own profile (so its own single-instance lock), the database in it.
        const userData = path.join(dir, 'user-data');
        fs.mkdirSync(userData);
        const dbPath = path.join(userData, 'wallet-ops.db');
        fs.copyFileSync(TEMPLATE, dbPath);
        const app = await _electron.launch({
          executablePath: launch.executablePath,
          args: [...launch.args, `--user-data-dir=${userData}`],
          env: { ...process.env, LANG: lang.replace('-', '_'), WALLET_OPS_DB_KEY: E2E_DB_KEY_FILE },
        });
        const page = await app.firstWindow();
        const rendererErrors = watchRendererErrors(page, testInfo);
        // The OS file dialog cannot be driven: answer it from main with the file the spec picks.
        setNativeFilePicker(page, (file) =>
          app.evaluate(({ dialog }, picked) => {
            dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [picked] })) as never;
          }, file),
        );
        await page.evaluate((l) => localStorage.setItem('wallet-ops-language', l), lang);
        await page.reload();
        await use({ page, console: new ConsolePage(page), host: 'electron', dbPath, electron: app });
        await app.close();
        expect(rendererErrors, 'the renderer threw or logged an error').toEqual([]);
      } else {
        const dbPath = path.join(dir, 'console.db');
        fs.copyFileSync(TEMPLATE, dbPath);
        const { url, proc } = await startBrowserHost(dbPath);
        const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
        try {
          const context = await browser.newContext({ locale: lang, viewport: { width: 1440, height: 900 } });
          const page = await context.newPage();
          const rendererErrors = watchRendererErrors(page, testInfo);
          await page.goto(url);
          await use({ page, console: new ConsolePage(page), host: 'browser', dbPath });
          expect(rendererErrors, 'the renderer threw or logged an error').toEqual([]);
        } finally {
          await browser.close();
          proc.kill('SIGTERM');
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

export const expect = test.expect;

/**
 * Every uncaught exception and console error in the renderer, so a test fails on one even
 * when the screen looked right. Each is also attached to the report as it happens.
 */
function watchRendererErrors(page: Page, testInfo: TestInfo): string[] {
  const errors: string[] = [];
  const record = (kind: string, text: string) => {
    errors.push(`${kind}: ${text}`);
    testInfo.annotations.push({ type: kind, description: text });
  };
  page.on('pageerror', (e) => record('pageerror', String(e.stack ?? e)));
  page.on('console', (m) => {
    if (m.type() === 'error') record('console.error', `${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  return errors;
}
