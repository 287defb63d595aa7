import { test as base, chromium, _electron, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, electronBinary, startBrowserHost } from './hosts';
import { ConsolePage } from './pages/ConsolePage';

export type HostKind = 'electron' | 'browser';

interface AppFixture {
  page: Page;
  console: ConsolePage;
  host: HostKind;
  dbPath: string;
}

const TEMPLATE = path.resolve('.cache/e2e/template.db');

/**
 * `app`: a fresh copy of the seeded database and the console on it, either as
 * the real Electron app (_electron.launch) or in browser mode under Chromium.
 * Specs cannot tell which, as the renderer cannot.
 */
export const test = base.extend<{ app: AppFixture; lang: 'en-US' | 'zh-CN' }>({
  lang: ['en-US', { option: true }],
  app: async ({ lang }, use, testInfo) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-e2e-'));
    const dbPath = path.join(dir, 'console.db');
    fs.copyFileSync(TEMPLATE, dbPath);
    const electronBin = electronBinary();
    if (electronBin) {
      const app = await _electron.launch({
        executablePath: electronBin,
        args: [path.resolve('out/main/index.js'), '--db', dbPath],
        env: { ...process.env, LANG: lang.replace('-', '_') },
      });
      const page = await app.firstWindow();
      await page.evaluate((l) => localStorage.setItem('wallet-ops-language', l), lang);
      await page.reload();
      await use({ page, console: new ConsolePage(page), host: 'electron', dbPath });
      await app.close();
    } else {
      const { url, proc } = await startBrowserHost(dbPath);
      const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
      const context = await browser.newContext({ locale: lang, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => testInfo.annotations.push({ type: 'pageerror', description: String(e) }));
      await page.goto(url);
      await use({ page, console: new ConsolePage(page), host: 'browser', dbPath });
      await browser.close();
      proc.kill('SIGTERM');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

export const expect = test.expect;
