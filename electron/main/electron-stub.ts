import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module (and electron-log/main), so the Electron-only code runs
 * under Node in vitest: `vi.mock('electron', async () => (await import('./electron-stub')).electron)`.
 * It records what the code did (windows, menus, dialogs, notifications) for the tests to read.
 */
class Contents extends EventEmitter {
  static nextId = 1;
  id = Contents.nextId++;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler = vi.fn((h: (d: { url: string }) => { action: string }) => (this.windowOpenHandler = h));
  send = vi.fn();
  print = vi.fn();
  printToPDF = vi.fn(async () => Buffer.from('%PDF'));
  reload = vi.fn();
  sendInputEvent = vi.fn();
  executeJavaScript = vi.fn(async () => true);
  isDestroyed = () => false;
  getTitle = () => 'Wallet Ops Console';
}

class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.all;
  static getFocusedWindow = () => BrowserWindow.all[0] ?? null;
  static fromWebContents = (wc: Contents) => BrowserWindow.all.find((w) => w.webContents === wc) ?? null;
  webContents = new Contents();
  maximized = false;
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
  }
  loadURL = vi.fn(async (url: string) => void (this.loadedUrl = url));
  maximize = vi.fn(() => void (this.maximized = true));
  isMaximized = () => this.maximized;
  isMinimized = () => false;
  restore = vi.fn();
  focus = vi.fn();
  show = vi.fn();
  getNormalBounds = () => ({
    x: this.options.x as number,
    y: this.options.y as number,
    width: this.options.width as number,
    height: this.options.height as number,
  });
}

class Notification extends EventEmitter {
  static shown: { title: string; body: string }[] = [];
  static isSupported = () => true;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show = vi.fn(() => void Notification.shown.push(this.options));
}

const paths: Record<string, string> = {};
const display = {
  id: 1,
  workArea: { x: 0, y: 0, width: 1366, height: 728 },
  bounds: { x: 0, y: 0, width: 1366, height: 768 },
};
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: vi.fn(() => true),
  releaseSingleInstanceLock: vi.fn(),
  quit: vi.fn(),
  exit: vi.fn(),
  whenReady: vi.fn(async () => {}),
  getPath: (name: string) => paths[name] ?? paths.userData + (name === 'logs' ? '/logs' : ''),
  setPath: vi.fn((name: string, value: string) => void (paths[name] = value)),
  getLocale: () => 'en-US',
  getVersion: () => '0.1.0',
  getAppPath: () => process.cwd(),
  showAboutPanel: vi.fn(),
  setAboutPanelOptions: vi.fn(),
});

export const handled = new Map<string, (...args: unknown[]) => unknown>();

export const electron = {
  app,
  BrowserWindow,
  Notification,
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
  dialog: {
    showErrorBox: vi.fn(),
    showMessageBox: vi.fn(async () => ({ response: 0 })),
    showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
    showSaveDialog: vi.fn(async () => ({ canceled: true })),
  },
  powerMonitor: new EventEmitter(),
  screen: {
    getAllDisplays: () => [display],
    getPrimaryDisplay: () => display,
    getDisplayMatching: () => display,
  },
  shell: { openExternal: vi.fn(), openPath: vi.fn(async () => '') },
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    },
  },
  ipcMain: { handle: (name: string, fn: (...args: unknown[]) => unknown) => handled.set(name, fn) },
};

/** electron-log/main, recording the file transport's settings and the error handler's callback. */
export const electronLog = {
  transports: {
    file: { resolvePathFn: null as unknown, maxSize: 0, getFile: () => ({ path: `${paths.userData}/logs/main.log` }) },
  },
  initialize: vi.fn(),
  functions: { log: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() },
  info: vi.fn(),
  warn: vi.fn(),
  error: vi.fn(),
  errorHandler: {
    onError: null as null | ((e: { error: Error; errorName: string }) => void),
    startCatching: vi.fn(
      (o: { onError: (e: { error: Error; errorName: string }) => void }) =>
        void (electronLog.errorHandler.onError = o.onError),
    ),
  },
};

/** Forgets every window, listener and call, for a test that starts from nothing. */
export function resetElectron(userData: string): void {
  BrowserWindow.all.length = 0;
  Notification.shown.length = 0;
  handled.clear();
  for (const k of Object.keys(paths)) delete paths[k];
  paths.userData = userData;
  app.removeAllListeners();
  electron.powerMonitor.removeAllListeners();
  vi.clearAllMocks();
  app.requestSingleInstanceLock.mockImplementation(() => true);
}
