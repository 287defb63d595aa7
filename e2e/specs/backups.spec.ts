import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures';
import { SettingsPage } from '../pages/SettingsPage';
import { enUS } from '../../renderer/src/i18n/en-US';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { backupsMessages } from '../../renderer/src/features/backups/messages';

const SECOND_ADMIN = { username: 'admin2', password: 'Temp-pass-4821', next: 'Own-pass-99173' };

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });

    test('an admin backs up from Settings, a second admin approves the restore, and the console shows the data restored', async ({
      app,
    }) => {
      test.skip(app.host !== 'browser', 'the backup folder is typed as a path on this machine');
      test.setTimeout(180_000);
      const m = lang === 'en-US' ? backupsMessages.en : backupsMessages.zh;
      const core = lang === 'en-US' ? enUS : zhCN;
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
  });
}
