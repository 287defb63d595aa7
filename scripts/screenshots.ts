import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, startBrowserHost } from '../e2e/hosts';

/**
 * npm run screenshots [-- pages...]: every page in both languages, light and dark, at 1440×900
 * and 1366×768, into screenshots/. Uses a copy of the e2e template (or a fresh demo database).
 */
const PAGES = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['/', '/frozen', '/refunds', '/cases', '/fees', '/calls', '/customers', '/audit', '/settings'];
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1366, height: 768 },
];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-shots-'));
  const db = path.join(dir, 'console.db');
  const template = path.resolve('.cache/e2e/template.db');
  if (fs.existsSync(template)) fs.copyFileSync(template, db);
  const { url, proc } = await startBrowserHost(db);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  fs.mkdirSync('screenshots', { recursive: true });
  try {
    for (const lang of ['en-US', 'zh-CN']) {
      for (const scheme of ['light', 'dark'] as const) {
        for (const viewport of SIZES) {
          const tag = `${lang}-${scheme}-${viewport.width}`;
          const context = await browser.newContext({ locale: lang, colorScheme: scheme, viewport });
          const page = await context.newPage();
          await page.goto(url);
          await page.locator('#root[data-app-state="ready"]').waitFor({ state: 'attached' });
          await page.screenshot({ path: `screenshots/signin-${tag}.png` });
          await page.locator('input[name="username"]').fill('admin');
          await page.locator('input[name="password"]').fill('admin123');
          await page.locator('form button[type="submit"]').click();
          await page.getByTestId('nav').waitFor();
          for (const p of PAGES) {
            await page.evaluate((h) => (location.hash = `#${h}`), p);
            await page.waitForTimeout(3000); // charts animate in; grids load their first block
            const name = p === '/' ? 'overview' : p.replace(/^\//, '').replace(/[/?=&]/g, '-');
            await page.screenshot({ path: `screenshots/${name}-${tag}.png` });
          }
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    proc.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('Screenshots written to screenshots/');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
