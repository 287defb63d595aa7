import { BrowserWindow, dialog } from 'electron';
import type { Handler } from '../api/core/dispatch';
import { registerPickedFile } from '../imports/uploads';

/**
 * The desktop file dialog for contact imports. Main keeps the chosen path; the renderer
 * only gets an upload id, so a page can never ask main to read a path of its choosing.
 */
export const pickImportFile: Handler<'contacts:importPick'> = async (ctx) => {
  const win = BrowserWindow.getFocusedWindow();
  const options: Electron.OpenDialogOptions = {
    properties: ['openFile'],
    filters: [
      { name: 'CSV', extensions: ['csv', 'txt'] },
      { name: '*', extensions: ['*'] },
    ],
  };
  const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  if (picked.canceled || picked.filePaths.length === 0) return null;
  return registerPickedFile(picked.filePaths[0], ctx.session.operatorId);
};
