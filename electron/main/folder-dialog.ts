import { BrowserWindow, dialog } from 'electron';
import type { Handler } from '../api/core/dispatch';
import { readBackupSettings } from '../db/backup';
import { requireSqlite } from '../db/engine';

/**
 * The desktop folder dialog for Settings → Backups. It only answers the path picked; saving it
 * stays backups:configure's job, which checks the folder the same way as a typed one. It opens
 * on the folder in use, and may create a new one (the usual "New Folder" button).
 */
export const pickBackupFolder: Handler<'backups:pickFolder'> = async (ctx) => {
  const current = readBackupSettings(requireSqlite(ctx.engine, 'Backups of the database').name).folder;
  const options: Electron.OpenDialogOptions = {
    properties: ['openDirectory', 'createDirectory'],
    defaultPath: current,
  };
  const win = BrowserWindow.getFocusedWindow();
  const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  if (picked.canceled || picked.filePaths.length === 0) return null;
  return { folder: picked.filePaths[0] };
};
