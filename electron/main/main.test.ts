import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract';
import { electron, handled, resetElectron } from './electron-stub';

vi.mock('electron', async () => (await import('./electron-stub')).electron);
vi.mock('electron-log/main', async () => ({ default: (await import('./electron-stub')).electronLog }));

const APP = pathToFileURL('/app/out/renderer/index.html').href;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-main-'));
  resetElectron(dir);
});

describe('the window (issue 12 §6)', () => {
  it('uses the secure webPreferences and denies window.open', async () => {
    const { createMainWindow } = await import('./window');
    const win = createMainWindow({ appUrl: APP, stateFile: path.join(dir, 'state.json') });
    expect(win.webContents).toBeDefined();
    const w = electron.BrowserWindow.all[0];
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(w.webContents.windowOpenHandler!({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    expect(w.loadedUrl).toBe(APP);
  });

  it('navigates only to the app’s own page: another file:// page or a web page is stopped', async () => {
    const { createMainWindow } = await import('./window');
    createMainWindow({ appUrl: APP, stateFile: path.join(dir, 'state.json') });
    const wc = electron.BrowserWindow.all[0].webContents;
    const tryTo = (event: string, url: string) => {
      const e = { preventDefault: vi.fn() };
      wc.emit(event, e, url);
      return e.preventDefault.mock.calls.length === 0;
    };
    expect(tryTo('will-navigate', `${APP}#/refunds?second=1`)).toBe(true);
    expect(tryTo('will-navigate', pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(tryTo('will-navigate', pathToFileURL('/app/out/renderer/other.html').href)).toBe(false);
    expect(tryTo('will-navigate', `${APP}?x=1`)).toBe(false);
    expect(tryTo('will-navigate', 'https://evil.example/')).toBe(false);
    expect(tryTo('will-redirect', 'https://evil.example/')).toBe(false);
  });

  it('registers exactly the contract channels, and answers only the app’s own top frame', async () => {
    const { registerIpc } = await import('./ipc');
    const { makeTestConsole } = await import('../test/harness');
    const { handlers } = await import('../api/handlers');
    const t = makeTestConsole();
    registerIpc(t.services, handlers, APP);
    expect([...handled.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    const info = handled.get('app:info')!;
    const from = (url: string, parent: unknown = null) => ({ senderFrame: { parent, url }, sender: { id: 1 } });
    expect(await info(from(`${APP}#/audit`), {})).toMatchObject({ ok: true });
    for (const bad of [
      from(APP, {}), // an iframe
      from('https://evil.example/'),
      from(pathToFileURL('/tmp/downloaded.html').href), // any other file:// page
      { senderFrame: null, sender: { id: 1 } },
    ])
      expect(await info(bad, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    t.close();
  });

  it('the dev server’s page is the app URL in development', async () => {
    const { appUrl, isAppUrl } = await import('./security');
    expect(appUrl('http://localhost:5173', '/x')).toBe('http://localhost:5173/');
    expect(isAppUrl('http://localhost:5173/#/fees', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
  });

  it('the built page carries the CSP in a <meta> tag, first in <head>, without unsafe-eval', async () => {
    const { injectCspMeta } = await import('./security');
    const html = injectCspMeta('<!doctype html><html><head><script src="./a.js"></script></head></html>');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)" \/>/.exec(html)!;
    expect(html.indexOf(meta[0])).toBeLessThan(html.indexOf('<script'));
    expect(meta[1]).toContain("script-src 'self'");
    expect(meta[1]).toContain("default-src 'self'");
    expect(meta[1]).not.toContain('unsafe-eval');
    expect(meta[1]).not.toContain('frame-ancestors'); // ignored in a meta tag
    expect(() => injectCspMeta('<html></html>')).toThrow(/head/);
  });

  it('every permission is refused but writing to the clipboard (the copy buttons)', async () => {
    const { lockDownSession } = await import('./window');
    lockDownSession();
    const check = electron.session.defaultSession.setPermissionCheckHandler.mock.calls[0][0] as (
      wc: null,
      p: string,
    ) => boolean;
    expect(check(null, 'clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      expect(check(null, p)).toBe(false);
  });
});
