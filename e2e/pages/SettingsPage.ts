import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  constructor(readonly page: Page) {}

  tab(name: 'general' | 'operators' | 'limits'): Locator {
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
}
