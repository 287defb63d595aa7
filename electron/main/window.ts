import { BrowserWindow, screen, shell, session as electronSession, type WebPreferences } from 'electron';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { guardNavigation } from './security';
import { initialBounds, MIN_SIZE, readWindowState, writeWindowState } from './window-state';

/** The renderer's security settings (Electron's checklist); a unit test asserts them. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  /** The one page the window shows (security.appUrl). */
  appUrl: string;
  /** Where size, position, maximised state and display are remembered. */
  stateFile: string;
  icon?: string;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const ordered = [primary, ...displays.filter((d) => d.id !== primary.id)];
  const bounds = initialBounds(readWindowState(opts.stateFile), ordered);
  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Wallet Ops Console',
    icon: opts.icon,
    webPreferences: secureWebPreferences(path.join(__dirname, '../preload/index.js')),
  });
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    // The normal (unmaximised) bounds, so un-maximising next time returns to them.
    const b = win.getNormalBounds();
    writeWindowState(opts.stateFile, {
      ...b,
      maximized: win.isMaximized(),
      displayId: screen.getDisplayMatching(b).id,
    });
  });

  // No navigation away from the app and no new windows; https links open in the browser.
  guardNavigation(win.webContents, opts.appUrl);
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadURL(opts.appUrl);
  return win;
}

/**
 * Electron grants every permission by default; the console needs none (clipboard writes from a
 * user's click need no permission). Also sets the CSP header for the dev server's http pages;
 * the built file:// page carries it as a <meta> tag (security.injectCspMeta).
 */
export function lockDownSession(): void {
  const ses = electronSession.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  ses.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-sanitized-write');
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
