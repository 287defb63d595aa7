import { defineConfig } from '@playwright/test';
import type { HostKind } from './e2e/fixtures';

/**
 * One suite, two hosts: every spec runs in the `browser` project (browser mode in Chromium) and
 * in the `electron` project (the real app: `electron .`, or the packaged QA build named by
 * WALLET_OPS_ELECTRON_APP). Where the Electron binary is missing, the electron project's tests
 * are reported as skipped with the reason. `npx playwright test --project=browser` runs one.
 */
export default defineConfig<{ host: HostKind }>({
  testDir: 'e2e/specs',
  globalSetup: './e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  // On CI a test that fails is run once more, and the summary names every test that needed it
  // (scripts/test-all.mjs): one timeout in a thousand runs on a shared machine blocked a
  // whole landing. A test that fails twice fails.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  outputDir: '.cache/test-results',
  use: {
    trace: 'off',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    // A step that cannot happen fails naming its locator, not as the whole test's timeout.
    actionTimeout: 30_000,
  },
  projects: [
    { name: 'browser', use: { host: 'browser' } },
    { name: 'electron', use: { host: 'electron' } },
  ],
});
