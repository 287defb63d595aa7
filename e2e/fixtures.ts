import { test as base, chromium, _electron, type Page, type TestInfo } from '@playwright/test';
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
      const rendererErrors = watchRendererErrors(page, testInfo);
      await page.goto(url);
      await use({ page, console: new ConsolePage(page), host: 'browser', dbPath });
      await browser.close();
      proc.kill('SIGTERM');
      expect(rendererErrors, 'the renderer threw or logged an error').toEqual([]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
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
