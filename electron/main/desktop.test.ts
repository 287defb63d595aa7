import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { electron, electronLog, resetElectron } from './electron-stub';
import { stringsFor } from './strings';

vi.mock('electron', async () => (await import('./electron-stub')).electron);
vi.mock('electron-log/main', async () => ({ default: (await import('./electron-stub')).electronLog }));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-desktop-'));
  resetElectron(dir);
});
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('start-up and the single-instance lock (issue 12 §6)', () => {
  it('a second instance quits without starting: no window, no database', async () => {
    const { runDesktop } = await import('./lifecycle');
    electron.app.requestSingleInstanceLock.mockImplementation(() => false);
    const db = path.join(dir, 'x.db');
    expect(await runDesktop({ argv: ['electron', '.', '--db', db], env: {} })).toBe('second-instance');
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.all).toHaveLength(0);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('takes the profile from --user-data-dir before asking for the lock', async () => {
    const { runDesktop } = await import('./lifecycle');
    electron.app.requestSingleInstanceLock.mockImplementation(() => false);
    await runDesktop({ argv: ['electron', '.', `--user-data-dir=${dir}/p`], env: {} });
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', path.resolve(dir, 'p'));
    expect(electron.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(
      electron.app.requestSingleInstanceLock.mock.invocationCallOrder[0],
    );
  });

  it('a failed start shows a dialog, logs it, releases the lock and quits', async () => {
    const { runDesktop } = await import('./lifecycle');
    const notADir = path.join(dir, 'file');
    fs.writeFileSync(notADir, '');
    const result = await runDesktop({ argv: ['electron', '.', '--db', path.join(notADir, 'x.db')], env: {} });
    expect(result).toBe('failed');
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'Wallet Ops Console could not start',
      expect.stringContaining('main.log'),
    );
    expect(electronLog.error).toHaveBeenCalledWith('Start-up failed', expect.anything());
    expect(electron.app.releaseSingleInstanceLock).toHaveBeenCalled();
    expect(electron.app.exit).toHaveBeenCalledWith(1);
  });

  it('a damaged database stops the start with its own advice, before any window', async () => {
    const { runDesktop } = await import('./lifecycle');
    const file = path.join(dir, 'wallet-ops.db');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0x5a)]));
    expect(await runDesktop({ argv: ['electron', '.'], env: {} })).toBe('failed');
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'Wallet Ops Console could not start',
      expect.stringContaining('The database file is damaged'),
    );
    expect(electron.BrowserWindow.all).toHaveLength(0);
  });

  it('starts on an empty profile without demo data unless asked, and locks with the OS', async () => {
    const { runDesktop } = await import('./lifecycle');
    const { demoRequested } = await import('../host/args');
    expect(demoRequested({ argv: [], env: {} })).toBe(false);
    expect(demoRequested({ argv: ['--demo'], env: {} })).toBe(true);
    expect(demoRequested({ argv: [], env: { WALLET_OPS_DEMO: '1' } })).toBe(true);
    expect(await runDesktop({ argv: ['electron', '.'], env: {} })).toBe('started');
    const win = electron.BrowserWindow.all[0];
    expect(win.loadedUrl).toMatch(/^file:.*\/renderer\/index\.html$/);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
    // The database is encrypted with a key wrapped by the keychain like the audit key.
    const { openSqliteFile, isPlaintextDatabase } = await import('../db/encryption');
    const { safeStorageKeyProvider } = await import('./audit-key');
    const dbFile = path.join(dir, 'wallet-ops.db');
    expect(isPlaintextDatabase(dbFile)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'database-key.wrapped'), 'utf8')).toMatch(/^wrapped:/);
    const key = safeStorageKeyProvider(path.join(dir, 'database-key.wrapped'), path.join(dir, 'database.key')).load();
    const db = openSqliteFile(dbFile, { key, readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBe(0);
    db.close();
    // The audit key is wrapped by the OS keychain (safeStorage), owner-only, never in the database.
    const wrapped = path.join(dir, 'audit-key.wrapped');
    expect(fs.readFileSync(wrapped, 'utf8')).toMatch(/^wrapped:/);
    expect(fs.statSync(wrapped).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'audit.key'))).toBe(false);
    // The OS locks: a signed-in desktop session is locked and the renderer told to re-read it.
    const { lockDesktopSessions } = await import('./approvals');
    expect(lockDesktopSessions).toBeDefined();
    electron.powerMonitor.emit('lock-screen');
    electron.powerMonitor.emit('suspend');
    expect(electron.powerMonitor.listenerCount('lock-screen')).toBe(1);
    expect(electron.powerMonitor.listenerCount('suspend')).toBe(1);
    electron.app.emit('will-quit');
  });
});

describe('window state', () => {
  it('defaults to a size that fits a 1366×768 laptop, centred', async () => {
    const { initialBounds } = await import('./window-state');
    const laptop = [{ id: 1, workArea: { x: 0, y: 0, width: 1366, height: 728 } }];
    const b = initialBounds(null, laptop);
    expect(b.width).toBeLessThanOrEqual(1366);
    expect(b.height).toBeLessThanOrEqual(728);
    expect(b).toMatchObject({ x: 43, y: 4, maximized: false });
    const tiny = initialBounds(null, [{ id: 1, workArea: { x: 0, y: 0, width: 1024, height: 600 } }]);
    expect(tiny).toMatchObject({ width: 1024, height: 600 });
  });

  it('remembers size, position, maximised and display; a display that is gone falls back', async () => {
    const { initialBounds } = await import('./window-state');
    const two = [
      { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
      { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } },
    ];
    const saved = { x: 2000, y: 100, width: 1600, height: 900, maximized: true, displayId: 2 };
    expect(initialBounds(saved, two)).toEqual(saved);
    // The second monitor was unplugged: back on the first, at the default size.
    const alone = initialBounds(saved, [two[0]]);
    expect(alone.displayId).toBe(1);
    expect(alone.x + alone.width).toBeLessThanOrEqual(1920);
    // Larger than the display now is: shrunk to its work area.
    expect(initialBounds({ ...saved, x: 0, width: 3000, height: 2000, displayId: 1 }, two)).toMatchObject({
      width: 1920,
      height: 1040,
    });
  });

  it('the window writes its state on close and opens with it next time', async () => {
    const { createMainWindow } = await import('./window');
    const stateFile = path.join(dir, 'window-state.json');
    fs.writeFileSync(
      stateFile,
      JSON.stringify({ x: 10, y: 20, width: 1100, height: 650, maximized: true, displayId: 1 }),
    );
    createMainWindow({ appUrl: 'file:///a/index.html', stateFile });
    const win = electron.BrowserWindow.all[0];
    expect(win.options).toMatchObject({ x: 10, y: 20, width: 1100, height: 650 });
    expect(win.maximize).toHaveBeenCalled();
    win.emit('close');
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).toEqual({
      x: 10,
      y: 20,
      width: 1100,
      height: 650,
      maximized: true,
      displayId: 1,
    });
    fs.writeFileSync(stateFile, 'not json');
    const { readWindowState } = await import('./window-state');
    expect(readWindowState(stateFile)).toBeNull();
  });
});

describe('menus', () => {
  const actions = {
    shortcut: vi.fn(),
    print: vi.fn(),
    savePdf: vi.fn(),
    lock: vi.fn(),
    openLogs: vi.fn(),
    about: vi.fn(),
  };
  const flat = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);

  it('has File, Edit, View, Window and Help with About, in both languages', async () => {
    const { menuTemplate } = await import('./menu');
    const en = menuTemplate({ strings: stringsFor('en-US'), isMac: false, isDev: false, actions });
    expect(en.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const zh = menuTemplate({ strings: stringsFor('zh-CN'), isMac: false, isDev: false, actions });
    expect(zh.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    flat(en).find((i) => i.label === 'About Wallet Ops Console')!.click!({} as never, undefined, {} as never);
    expect(actions.about).toHaveBeenCalled();
    flat(en).find((i) => i.label === 'Open logs folder')!.click!({} as never, undefined, {} as never);
    expect(actions.openLogs).toHaveBeenCalled();
    const mac = menuTemplate({ strings: stringsFor('en-US'), isMac: true, isDev: false, actions });
    expect(mac[0]).toEqual({ role: 'appMenu' }); // About lives in the app menu on macOS
  });

  it('DevTools and reload only in development', async () => {
    const { menuTemplate } = await import('./menu');
    const roles = (isDev: boolean) =>
      flat(menuTemplate({ strings: stringsFor('en-US'), isMac: false, isDev, actions })).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('search shows the app’s own Ctrl/Cmd+K and presses it rather than stealing it', async () => {
    const { menuTemplate } = await import('./menu');
    for (const isMac of [false, true]) {
      const search = flat(menuTemplate({ strings: stringsFor('en-US'), isMac, isDev: false, actions })).find(
        (i) => i.label === 'Search…',
      )!;
      expect(search).toMatchObject({ accelerator: 'CmdOrCtrl+K', registerAccelerator: false });
      search.click!({} as never, undefined, {} as never);
      expect(actions.shortcut).toHaveBeenLastCalledWith('k', [isMac ? 'meta' : 'control']);
    }
  });
});

describe('approval notifications and locking', () => {
  function fakeServices(sessions: [string, { locked?: boolean; operatorId?: number }][]) {
    return {
      sessions: new Map(
        sessions.map(([k, s]) => [
          k,
          {
            operatorId: 1,
            username: 'sup',
            displayName: 'S',
            role: 'supervisor',
            mustChangePassword: false,
            locked: false,
            lastActiveAt: 5,
            ...s,
          },
        ]),
      ),
    } as never;
  }

  it('announces a rise in what awaits the operator, not the first count, and skips locked or browser sessions', async () => {
    const { watchApprovals } = await import('./approvals');
    let refunds = 2;
    const overview = vi.fn(async () => ({
      mine: [{ key: 'awaitingMyRefundApproval', value: refunds, route: '/refunds', params: { second: '1' } }],
    }));
    const notify = vi.fn();
    const services = fakeServices([
      ['electron:1', {}],
      ['browser:abc', {}],
      ['electron:2', { locked: true, operatorId: 2 }],
    ]);
    const w = watchApprovals({
      services,
      handlers: { 'overview:get': overview as never },
      subscribe: () => {},
      strings: stringsFor('en-US'),
      notify,
    });
    await w.check();
    expect(notify).not.toHaveBeenCalled();
    refunds = 3;
    await w.check();
    expect(notify).toHaveBeenCalledWith({
      title: 'Waiting for your approval',
      body: '3 refund request(s) await your second approval.',
      route: '/refunds?second=1',
    });
    expect(overview).toHaveBeenCalledTimes(2); // only the unlocked desktop session is counted
    await w.check();
    expect(notify).toHaveBeenCalledTimes(1);
    expect(
      (services as { sessions: Map<string, { lastActiveAt: number }> }).sessions.get('electron:1')!.lastActiveAt,
    ).toBe(5);
  });

  it('checks after a burst of refund, case or fee changes, once', async () => {
    vi.useFakeTimers();
    const { watchApprovals } = await import('./approvals');
    let listener: (e: string) => void = () => {};
    const overview = vi.fn(async () => ({ mine: [] }));
    watchApprovals({
      services: fakeServices([['electron:1', {}]]),
      handlers: { 'overview:get': overview as never },
      subscribe: (l) => (listener = l as never),
      strings: stringsFor('en-US'),
      notify: vi.fn(),
    });
    listener('refunds:changed');
    listener('refunds:changed');
    listener('views:changed');
    await vi.advanceTimersByTimeAsync(300);
    expect(overview).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('the OS lock locks desktop sessions only', async () => {
    const { lockDesktopSessions } = await import('./approvals');
    const services = fakeServices([
      ['electron:1', {}],
      ['browser:x', {}],
    ]);
    expect(lockDesktopSessions(services)).toBe(1);
    const s = (services as { sessions: Map<string, { locked: boolean }> }).sessions;
    expect(s.get('electron:1')!.locked).toBe(true);
    expect(s.get('browser:x')!.locked).toBe(false);
    expect(lockDesktopSessions(services)).toBe(0);
  });
});

describe('crashes and logs', () => {
  const opts = () => ({ log: electronLog, strings: stringsFor('en-US'), logFile: () => '/logs/main.log' });

  it('a renderer that dies is logged and the user offered a reload', async () => {
    const { installCrashHandlers } = await import('./crash');
    installCrashHandlers(opts());
    const { createMainWindow } = await import('./window');
    createMainWindow({ appUrl: 'file:///a/index.html', stateFile: path.join(dir, 's.json') });
    const wc = electron.BrowserWindow.all[0].webContents;
    electron.app.emit('render-process-gone', {}, wc, { reason: 'crashed', exitCode: 139 });
    await flush();
    expect(electronLog.error).toHaveBeenCalledWith('Renderer gone', { reason: 'crashed', exitCode: 139 });
    expect(electron.dialog.showMessageBox).toHaveBeenCalled();
    expect(wc.reload).toHaveBeenCalled();
  });

  it('a helper process that dies is logged and reported; a clean exit is only logged', async () => {
    const { installCrashHandlers } = await import('./crash');
    installCrashHandlers(opts());
    electron.app.emit('child-process-gone', {}, { type: 'GPU', reason: 'clean-exit' });
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
    electron.app.emit('child-process-gone', {}, { type: 'Utility', reason: 'oom' });
    expect(electronLog.error).toHaveBeenCalledTimes(2);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  it('uncaught errors are logged, with one dialog however many arrive', async () => {
    const { installCrashHandlers } = await import('./crash');
    installCrashHandlers(opts());
    electron.dialog.showMessageBox.mockImplementation(() => new Promise(() => {}));
    for (let i = 0; i < 3; i++)
      electronLog.errorHandler.onError!({ error: new Error(`boom ${i}`), errorName: 'Unhandled' });
    expect(electronLog.error).toHaveBeenCalledTimes(3);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    electron.dialog.showMessageBox.mockImplementation(async () => ({ response: 0 }));
  });

  it('logs go to the OS logs folder, rotated at 5 MB, renderer console included', async () => {
    const { setupLogging, LOG_MAX_BYTES } = await import('./logging');
    const log = console.log;
    setupLogging();
    console.log = log;
    expect(electronLog.transports.file.maxSize).toBe(LOG_MAX_BYTES);
    const resolve = electronLog.transports.file.resolvePathFn as (v: { fileName: string }) => string;
    expect(resolve({ fileName: 'main.log' })).toBe(path.join(dir, 'logs', 'main.log'));
    expect(electronLog.initialize).toHaveBeenCalledWith({ preload: false, spyRendererConsole: true });
  });
});
