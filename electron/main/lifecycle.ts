import { app, BrowserWindow, dialog, Menu, Notification, powerMonitor, shell } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { bootConsole } from '../host/boot';
import { handlers } from '../api/handlers';
import { keyFileProvider } from '../db/audit-key';
import { redactUrl } from '../db/engine';
import { dbCaFileFromArgs, dbPathFromArgs } from '../host/paths';
import { demoRequested, userDataDirArg, type HostArgs } from '../host/args';
import { lockDesktopSessions, watchApprovals } from './approvals';
import { safeStorageKeyProvider } from './audit-key';
import { failStartup, installCrashHandlers } from './crash';
import { pickBackupFolder } from './folder-dialog';
import { pickImportFile } from './import-dialog';
import { registerIpc } from './ipc';
import { logFile, logsFolder, setupLogging, type Log } from './logging';
import { menuTemplate } from './menu';
import { appUrl } from './security';
import { stringsFor, type Strings } from './strings';
import { createMainWindow, lockDownSession } from './window';

/**
 * The desktop app's life: the single-instance lock first (a second start only focuses the
 * first window and never opens the database), then logging and crash handlers, then start.
 * A failed start shows a dialog and quits with the lock released.
 */
export async function runDesktop(
  args: HostArgs = { argv: process.argv, env: process.env },
): Promise<'second-instance' | 'started' | 'failed'> {
  const userData = userDataDirArg(args.argv);
  if (userData) app.setPath('userData', userData); // before the lock: the lock lives in the profile
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return 'second-instance';
  }
  const log = setupLogging();
  const strings = stringsFor(app.getLocale?.() || args.env.LANG || 'en-US');
  installCrashHandlers({ log, strings, logFile });
  try {
    await start(args, log, strings);
    return 'started';
  } catch (err) {
    failStartup(err, { log, strings, logFile });
    return 'failed';
  }
}

async function start(args: HostArgs, log: Log, strings: Strings): Promise<void> {
  await app.whenReady();
  lockDownSession();
  const devServerUrl = args.env.ELECTRON_RENDERER_URL ?? null;
  const url = appUrl(devServerUrl, path.join(__dirname, '../renderer/index.html'));
  const dbPath = dbPathFromArgs(args.argv, args.env) ?? path.join(app.getPath('userData'), 'wallet-ops.db');
  log.info(
    `Wallet Ops Console ${app.getVersion()} (Electron ${process.versions.electron}), database ${redactUrl(dbPath)}`,
  );
  const consoleApp = await bootConsole({
    dbPath,
    dbCaFile: dbCaFileFromArgs(args.argv, args.env),
    host: 'electron',
    demo: demoRequested(args),
    // The audit chain's HMAC key, wrapped by the OS keychain; never in the database.
    auditKey: safeStorageKeyProvider(
      path.join(app.getPath('userData'), 'audit-key.wrapped'),
      path.join(app.getPath('userData'), 'audit.key'),
    ),
    // The database's encryption key, wrapped the same way in its own files; WALLET_OPS_DB_KEY names
    // a key file to use instead (a database moved from browser mode, the e2e suite).
    databaseKey: args.env.WALLET_OPS_DB_KEY
      ? keyFileProvider(path.resolve(args.env.WALLET_OPS_DB_KEY), 'database key')
      : safeStorageKeyProvider(
          path.join(app.getPath('userData'), 'database-key.wrapped'),
          path.join(app.getPath('userData'), 'database.key'),
          'database key',
        ),
    log: (l) => log.info(l),
  });
  // The desktop-only channels: the OS dialogs for a contact import's file and the backup folder.
  registerIpc(
    consoleApp.services,
    { ...handlers, 'contacts:importPick': pickImportFile, 'backups:pickFolder': pickBackupFolder },
    url,
  );
  consoleApp.subscribe((event, payload) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send('event', event, payload);
  });

  // The console locks with the computer (screen lock, sleep) and from the menu; the renderer
  // re-reads its session and shows the lock, keeping whatever was being typed under it.
  const lockAll = (why: string) => {
    if (lockDesktopSessions(consoleApp.services) === 0) return;
    log.info(`Locked: ${why}`);
    consoleApp.services.emit('session:changed', {});
  };

  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const icon = path.join(app.getAppPath(), 'resources', 'icons', 'icon.png');
  const open = () => createMainWindow({ appUrl: url, stateFile, icon: fs.existsSync(icon) ? icon : undefined });
  let win = open();
  const focused = () => BrowserWindow.getFocusedWindow() ?? win;

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        strings,
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        actions: {
          shortcut: (key, modifiers) => {
            const wc = focused().webContents;
            wc.sendInputEvent({ type: 'keyDown', keyCode: key, modifiers });
            wc.sendInputEvent({ type: 'keyUp', keyCode: key, modifiers });
          },
          print: () => focused().webContents.print({ printBackground: true }),
          savePdf: () => void savePdf(focused(), log),
          lock: () => lockAll('the operator chose Lock'),
          openLogs: () => void shell.openPath(logsFolder()),
          about: () => app.showAboutPanel(),
        },
      }),
    ),
  );
  app.setAboutPanelOptions({ applicationName: 'Wallet Ops Console', applicationVersion: app.getVersion() });

  powerMonitor.on('lock-screen', () => lockAll('the OS locked the screen'));
  powerMonitor.on('suspend', () => lockAll('the computer went to sleep'));

  watchApprovals({
    services: consoleApp.services,
    handlers,
    subscribe: (l) => consoleApp.subscribe((event) => l(event)),
    strings,
    notify: (notice) => {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title: notice.title, body: notice.body });
      n.on('click', () => {
        if (win.isMinimized()) win.restore();
        win.focus();
        void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#${notice.route}`)}`);
      });
      n.show();
    },
  });

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
  app.on('will-quit', () => void consoleApp.close());
  if (args.argv.includes('--self-test')) selfTest(win, log);
}

/** Save as PDF: the page's print stylesheet, written where the operator chooses. */
async function savePdf(win: BrowserWindow, log: Log): Promise<void> {
  const title = win.webContents.getTitle().replace(/[\\/:*?"<>|]/g, '-');
  const picked = await dialog.showSaveDialog(win, {
    defaultPath: `${title}.pdf`,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (picked.canceled || !picked.filePath) return;
  const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  fs.writeFileSync(picked.filePath, pdf);
  log.info(`Saved a PDF: ${picked.filePath}`);
}

/** `--self-test` (CI's one launch of the packaged app): the renderer must load, then quit 0. */
function selfTest(win: BrowserWindow, log: Log): void {
  const fail = setTimeout(() => {
    log.error('SELF-TEST FAILED: the renderer did not load in 60 s');
    app.exit(1);
  }, 60_000);
  win.webContents.once('did-finish-load', async () => {
    const mounted = await win.webContents.executeJavaScript('!!document.getElementById("root")');
    clearTimeout(fail);
    log.info(mounted ? 'SELF-TEST OK' : 'SELF-TEST FAILED: no #root');
    app.exit(mounted ? 0 : 1);
  });
}
