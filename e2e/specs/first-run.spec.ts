import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures';
import { CHROMIUM_ARGS, chromiumPath, startBrowserHost } from '../hosts';

// A new, empty database: the first-run screen, never the demo operators.
test('an empty database opens on first run; the first admin is created there and signed in', async ({ host }) => {
  test.skip(host !== 'browser', 'starts its own browser-mode host on an empty database');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-first-run-'));
  const dbPath = path.join(dir, 'new.db');
  fs.writeFileSync(dbPath, ''); // a 0-byte file is as new as a missing one
  const { url, proc } = await startBrowserHost(dbPath);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(url);
    await expect(page.getByTestId('first-run')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('demo-credentials')).toHaveCount(0);
    await page.locator('input[name="username"]').fill('ops.lead');
    await page.locator('input[name="displayName"]').fill('Ops Lead');
    await page.locator('input[name="password"]').fill('Str0ng-pass');
    await page.locator('input[name="repeat"]').fill('Str0ng-pass');
    await page.getByTestId('first-run-create').click();
    await expect(page.getByTestId('first-run')).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByText('Ops Lead').first()).toBeVisible();
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
