import { expect, test } from '../fixtures';
import { electronBinary } from '../hosts';

// These checks need the real Electron binary. On machines where its download is
// impossible (ELECTRON_SKIP_BINARY_DOWNLOAD), they are reported as skipped, with this reason.
const reason = 'Electron binary not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); desktop-only checks skipped';

test.describe('Electron host', () => {
  test.skip(!electronBinary(), reason);

  test('runs as the desktop host with the preload bridge and no Node in the page', async ({ app }) => {
    expect(app.host).toBe('electron');
    const facts = await app.page.evaluate(() => ({
      api: typeof (window as unknown as { api?: unknown }).api,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(facts).toEqual({ api: 'object', require: 'undefined', process: 'undefined' });
  });

  test('window.open is denied', async ({ app }) => {
    await app.console.ready();
    const opened = await app.page.evaluate(() => window.open('https://example.com') === null);
    expect(opened).toBe(true);
  });
});
