import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { bootConsole } from '../api/boot';
import { handlers } from '../api/handlers';
import { dbPathFromArgs } from '../api/paths';
import { pickImportFile } from './import-dialog';
import { registerIpc } from './ipc';
import { createMainWindow, lockDownSession } from './window';

// Electron's own lifecycle only; everything else is shared with browser mode.
if (!app.requestSingleInstanceLock()) app.quit();

const devServerUrl = process.env.ELECTRON_RENDERER_URL ?? null;

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
