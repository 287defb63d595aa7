import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../api/core/dispatch';
import { handlers } from '../api/handlers';
import { makeTestConsole, type TestConsole } from '../test/harness';
import { electron, resetElectron } from './electron-stub';

vi.mock('electron', async () => (await import('./electron-stub')).electron);

let t: TestConsole;
let dir: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-folder-dialog-'));
  resetElectron(dir);
  t = makeTestConsole();
  await t.signInAs('a1', 'admin');
  await t.signInAs('sup', 'supervisor');
});
afterEach(() => {
  t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The channel as the desktop host registers it (lifecycle.ts), through the real dispatch. */
async function desktopCall(client: string) {
  const { pickBackupFolder } = await import('./folder-dialog');
  return dispatch(
    t.services,
    { ...handlers, 'backups:pickFolder': pickBackupFolder },
    client,
    'backups:pickFolder',
    {},
  );
}

describe('the backup folder picker', () => {
  it('opens the OS folder dialog on the folder in use and answers the folder picked, saving nothing', async () => {
    const chosen = path.join(dir, 'nas', 'wallet-backups');
    electron.dialog.showOpenDialog.mockImplementationOnce((async () => ({
      canceled: false,
      filePaths: [chosen],
    })) as never);
    const res = await desktopCall('a1');
    expect(res).toEqual({ ok: true, data: { folder: chosen } });
    const options = (electron.dialog.showOpenDialog.mock.calls.at(-1) as unknown[]).at(
      -1,
    ) as Electron.OpenDialogOptions;
    expect(options.properties).toEqual(['openDirectory', 'createDirectory']);
    expect(options.defaultPath).toBe(path.join(path.dirname(t.file), 'backups'));
    // Picking is not saving: the settings change only through backups:configure.
    expect((await t.ok('a1', 'backups:status', {})).settings.folder).toBe(path.join(path.dirname(t.file), 'backups'));
  });

  it('answers null when the dialog is cancelled', async () => {
    electron.dialog.showOpenDialog.mockImplementationOnce(async () => ({ canceled: true, filePaths: [] }));
    expect(await desktopCall('a1')).toEqual({ ok: true, data: null });
  });

  it('is for administrators only, and browser mode keeps the typed field', async () => {
    const refused = await desktopCall('sup');
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    expect((await t.refusal('a1', 'backups:pickFolder', {})).code).toBe('BACKUP_PICK_UNSUPPORTED');
  });
});
