import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { bootConsole } from '../host/boot';
import { handlers } from '../api/handlers';
import { dbPathFromArgs } from '../host/paths';
import { pickImportFile } from './import-dialog';
import { registerIpc } from './ipc';
import { createMainWindow, lockDownSession } from './window';

// Electron's own lifecycle only; everything else is shared with browser mode.
if (!app.requestSingleInstanceLock()) app.quit();

const devServerUrl = process.env.ELECTRON_RENDERER_URL ?? null;

/** better-sqlite3 built for Electron's ABI sits beside the Node build (scripts/electron-native.mjs). */
function electronNativeBinding(): string | undefined {
  const candidates = [
    path.join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    path.join(app.getAppPath(), '.cache', 'electron-native', 'better_sqlite3.node'),
  ];
  return candidates.find((p) => fs.existsSync(p));
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSession();
  buildMenu();
  const dbPath = dbPathFromArgs(process.argv) ?? path.join(app.getPath('userData'), 'wallet-ops.db');
  const consoleApp = await bootConsole({
    dbPath,
    host: 'electron',
    demo: !process.argv.includes('--no-demo') && process.env.WALLET_OPS_DEMO !== '0',
    nativeBinding: electronNativeBinding(),
    log: (l) => console.log(l),
  });
  // The one desktop-only channel: the OS file dialog for contact imports.
  registerIpc(consoleApp.services, { ...handlers, 'contacts:importPick': pickImportFile }, devServerUrl);
  consoleApp.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send('event', event, payload);
  });
  const open = () => createMainWindow(devServerUrl, path.join(__dirname, '../renderer/index.html'));
  let win = open();
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => consoleApp.sqlite.close());
}

void start();
