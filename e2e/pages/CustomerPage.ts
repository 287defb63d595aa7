import type { Locator, Page } from '@playwright/test';

export class CustomerPage {
  constructor(readonly page: Page) {}

  async search(text: string) {
    const box = this.page.getByTestId('global-search');
    await box.fill(text);
    return this.page.getByTestId('search-hit');
  }

  get profile(): Locator {
    return this.page.getByTestId('customer-profile');
  }

  tab(name: 'timeline' | 'transactions' | 'refunds' | 'cases' | 'contacts' | 'audit'): Locator {
    return this.page.getByTestId(`customer-tab-${name}`);
  }

  gridRows(testId: string): Locator {
    return this.page.getByTestId(testId).locator('.ag-center-cols-container .ag-row');
  }
}
