import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  constructor(readonly page: Page) {}

  tab(name: 'general' | 'operators' | 'limits' | 'backups'): Locator {
    return this.page.getByTestId(`settings-tab-${name}`);
  }

  operatorRow(username: string): Locator {
    return this.page.getByTestId(`operator-${username}`);
  }

  limitRow(role: string): Locator {
    return this.page.getByTestId(`limit-${role}`);
  }

  async setLimit(role: string, amount: string, reason: string) {
    const row = this.limitRow(role);
    await row.locator('input').nth(0).fill(amount);
    await row.locator('input').nth(1).fill(reason);
    await row.getByRole('button').click();
  }

  /** Settings → Backups: the folder typed in, saved, and a backup made now. */
  async backUpNow(folder: string) {
    await this.tab('backups').click();
    await this.page.getByTestId('backup-folder').fill(folder);
    await this.page.getByTestId('backup-save').click();
    await this.page.getByTestId('backup-run').click();
  }

  backupRows(): Locator {
    return this.page.getByTestId('backup-row');
  }

  async requestRestore(row: Locator, reason: string) {
    await row.getByTestId('backup-restore').click();
    await this.page.getByTestId('restore-reason').fill(reason);
    await this.page.getByTestId('restore-request').click();
  }
}
