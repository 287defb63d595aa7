import { expect, test } from '../fixtures';

// Checks of the desktop host itself; the browser project has no Electron to check.
test.describe('Electron host', () => {
  test.skip(({ host }) => host !== 'electron', 'desktop-only checks: they run in the electron project');

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

  test('the window does not navigate away from the app, and the CSP is in force', async ({ app }) => {
    await app.console.ready();
    const before = app.page.url();
    await app.page.evaluate(() => (location.href = 'https://example.com/'));
    await app.page.waitForTimeout(500);
    expect(app.page.url()).toBe(before);
    const blocked = await app.page.evaluate(() => {
      try {
        return new Function('return 1')() !== 1;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true);
  });

  test('the database lives in this test’s own profile', async ({ app }) => {
    const userData = await app.electron!.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
    expect(app.dbPath.startsWith(userData)).toBe(true);
  });
});
