import { BrowserWindow, shell, session as electronSession, type WebPreferences } from 'electron';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

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

export function createMainWindow(rendererUrl: string | null, rendererFile: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Wallet Ops Console',
    webPreferences: secureWebPreferences(path.join(__dirname, '../preload/index.js')),
  });
  win.once('ready-to-show', () => win.show());

  // No navigation away from the app and no new windows; external links open in the browser.
  const appOrigin = rendererUrl ? new URL(rendererUrl).origin : 'file://';
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(appOrigin)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  if (rendererUrl) void win.loadURL(rendererUrl);
  else void win.loadFile(rendererFile);
  return win;
}

/** Electron grants every permission by default; the console needs none. Also sets the CSP header. */
export function lockDownSession(): void {
  const ses = electronSession.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
