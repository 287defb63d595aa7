import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures';
import { startBrowserHost } from '../hosts';
import { ConsolePage } from '../pages/ConsolePage';
import { SettingsPage } from '../pages/SettingsPage';
import { enUS } from '../../renderer/src/i18n/en-US';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { backupsMessages } from '../../renderer/src/features/backups/messages';

const SECOND_ADMIN = { username: 'admin2', password: 'Temp-pass-4821', next: 'Own-pass-99173' };

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });
    const m = lang === 'en-US' ? backupsMessages.en : backupsMessages.zh;
    const core = lang === 'en-US' ? enUS : zhCN;
    // Both tests type the backup folder as a path on this machine, and the recovery screen is the
    // browser-mode host's: the desktop app shows its dialog instead.
    test.beforeEach(({ app }) => {
      test.skip(app.host !== 'browser', 'the backup folder is typed as a path; recovery is browser mode');
      test.setTimeout(180_000);
    });

    test('an admin backs up from Settings, a second admin approves the restore, and the console shows the data restored', async ({
      app,
    }) => {
      const page = app.page;
      const settings = new SettingsPage(page);
      await app.console.signInAndWait('admin');
      const created = await app.console.callApi('operators:create', {
        username: SECOND_ADMIN.username,
        displayName: 'Second Admin',
        role: 'admin',
        initialPassword: SECOND_ADMIN.password,
      });
      expect(created.ok).toBe(true);

      // The backup, into a folder the admin types, listed as verified.
      const folder = path.join(path.dirname(app.dbPath), 'chosen backups');
      await app.console.open('settings');
      await settings.backUpNow(folder);
      const row = settings.backupRows().first();
      await expect(row.getByTestId('backup-verified')).toHaveText(m.yes);
      const name = (await row.getAttribute('data-name'))!;
      expect(fs.statSync(path.join(folder, name)).mode & 0o777).toBe(0o600);

      // A change after the backup, which the restore takes back.
      await settings.tab('limits').click();
      const before = (await settings.limitRow('agent').locator('td').nth(2).textContent())!;
      await settings.setLimit('agent', '800.00', 'Peak season');
      await expect(settings.limitRow('agent')).toContainText('800.00');

      await settings.tab('backups').click();
      await settings.requestRestore(settings.backupRows().first(), 'Limits changed by mistake');
      await expect(page.getByTestId('restore-pending')).toBeVisible();
      await expect(page.getByTestId('restore-approve')).toBeDisabled();

      // The second administrator (first sign-in: a password of their own) approves.
      await page.getByTestId('sign-out').click();
      await app.console.signIn({ username: SECOND_ADMIN.username, password: SECOND_ADMIN.password });
      await expect(page.getByText(core.changePassword.title)).toBeVisible({ timeout: 30_000 });
      const fields = page.locator('form input[type="password"]');
      for (const [i, value] of [SECOND_ADMIN.password, SECOND_ADMIN.next, SECOND_ADMIN.next].entries()) {
        await fields.nth(i).fill(value);
      }
      await page.getByRole('button', { name: core.changePassword.submit }).click();
      await expect(app.console.nav).toBeVisible({ timeout: 30_000 });
      await app.console.open('settings');
      await settings.tab('backups').click();
      await expect(page.getByTestId('restore-pending')).toContainText('Limits changed by mistake');
      await page.getByTestId('restore-approve').click();

      // Every session ends with the restore; signed in again, the console shows the data as backed up.
      await expect(page.locator('input[name="username"]')).toBeVisible({ timeout: 30_000 });
      await app.console.signInAndWait('admin');
      await app.console.open('settings');
      await settings.tab('limits').click();
      await expect(settings.limitRow('agent').locator('td').nth(2)).toHaveText(before);
      await settings.tab('backups').click();
      await expect(settings.backupRows()).toHaveCount(1);
      await expect(page.getByTestId('restore-pending')).toHaveCount(0);
      const kept = fs.readdirSync(path.dirname(app.dbPath)).filter((f) => f.includes('.before-restore-'));
      expect(kept.length).toBeGreaterThan(0);
    });

    test('a damaged database at start shows only the recovery screen, which restores a verified backup', async ({
      app,
    }) => {
      const settings = new SettingsPage(app.page);
      await app.console.signInAndWait('admin');
      await app.console.open('settings');
      const folder = path.join(path.dirname(app.dbPath), 'backups-for-recovery');
      await settings.backUpNow(folder);
      await expect(settings.backupRows().first().getByTestId('backup-verified')).toHaveText(m.yes);

      // A second desk whose file was damaged in the middle, with the same backup folder configured.
      const dir = fs.mkdtempSync(path.join(path.dirname(app.dbPath), 'damaged-'));
      const dbPath = path.join(dir, 'console.db');
      fs.copyFileSync(path.resolve('.cache/e2e/template.db'), dbPath);
      const size = fs.statSync(dbPath).size;
      const fd = fs.openSync(dbPath, 'r+');
      fs.writeSync(fd, Buffer.alloc(65536, 0x5a), 0, 65536, Math.floor(size / 2 / 4096) * 4096);
      fs.closeSync(fd);
      fs.writeFileSync(`${dbPath}.backups.json`, JSON.stringify({ folder, everyHours: 24, keep: 7 }));
      const host = await startBrowserHost(dbPath);
      try {
        const page = await app.page.context().newPage();
        await page.goto(host.url);
        const screen = page.getByTestId('recovery-screen');
        await expect(screen).toContainText(m.recovery.title);
        await expect(page.getByTestId('nav')).toHaveCount(0);
        await expect(page.locator('input[name="username"]')).toHaveCount(0);
        await page.getByTestId('recovery-choose').first().click();
        await page.locator('input[name="username"]').fill('admin');
        await page.locator('input[name="password"]').fill('wrong-password');
        await page.locator('form button[type="submit"]').click();
        await expect(page.getByTestId('recovery-error')).toBeVisible();
        await page.locator('input[name="password"]').fill('admin123');
        await page.locator('form button[type="submit"]').click();
        // The host starts the console on the restored file; the page reloads into sign-in.
        const desk = new ConsolePage(page);
        await desk.signInAndWait('admin');
        expect(fs.readdirSync(dir).some((f) => f.startsWith('console.db.before-restore-'))).toBe(true);
      } finally {
        host.proc.kill('SIGTERM');
      }
    });
  });
}
