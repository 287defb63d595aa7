import { defineConfig } from '@playwright/test';

/**
 * One suite, two hosts: the `app` fixture (e2e/fixtures.ts) launches the real
 * Electron app when its binary is installed, else browser mode in Chromium.
 */
export default defineConfig({
  testDir: 'e2e/specs',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  outputDir: '.cache/test-results',
  use: { trace: 'off', screenshot: 'only-on-failure', viewport: { width: 1440, height: 900 } },
});
