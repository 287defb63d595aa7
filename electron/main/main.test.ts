import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract';

// A stubbed `electron` module: lets the Electron-only code load under Node.
const handled = new Map<string, (...args: unknown[]) => unknown>();
const windows: { options: Record<string, unknown>; handlers: Record<string, unknown> }[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: vi.fn(),
      setWindowOpenHandler: vi.fn((h: unknown) => (this.handlers.windowOpen = h)),
    };
    handlers: Record<string, unknown> = {};
    constructor(options: Record<string, unknown>) {
      windows.push({ options, handlers: this.handlers });
    }
    once = vi.fn();
    loadURL = vi.fn(async () => {});
    loadFile = vi.fn(async () => {});
  }
  return {
    BrowserWindow,
    shell: { openExternal: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    ipcMain: { handle: (name: string, fn: (...args: unknown[]) => unknown) => handled.set(name, fn) },
  };
});

beforeEach(() => {
  handled.clear();
  windows.length = 0;
});

describe('electron main (stubbed electron)', () => {
  it('creates the window with the secure webPreferences and denies window.open', async () => {
    const { createMainWindow } = await import('./window');
    createMainWindow(null, '/app/index.html');
    const prefs = windows[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    const open = windows[0].handlers.windowOpen as (d: { url: string }) => { action: string };
    expect(open({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
  });

  it('registers exactly the contract channels, and refuses a sender that is not our top frame', async () => {
    const { registerIpc } = await import('./ipc');
    const { makeTestConsole } = await import('../test/harness');
    const { handlers } = await import('../api/handlers');
    const t = makeTestConsole();
    registerIpc(t.services, handlers, null);
    expect([...handled.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    const info = handled.get('app:info')!;
    const ours = { senderFrame: { parent: null, url: 'file:///app/index.html' }, sender: { id: 1 } };
    const iframe = { senderFrame: { parent: {}, url: 'file:///app/index.html' }, sender: { id: 1 } };
    const foreign = { senderFrame: { parent: null, url: 'https://evil.example/' }, sender: { id: 1 } };
    expect(await info(ours, {})).toMatchObject({ ok: true });
    expect(await info(iframe, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await info(foreign, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    t.close();
  });
});
