import type { Locator, Page } from '@playwright/test';

export class OverviewPage {
  constructor(readonly page: Page) {}

  figure(key: string): Locator {
    return this.page.getByTestId(`figure-${key}`);
  }

  async value(key: string): Promise<number> {
    const text = await this.figure(key).getByTestId('figure-value').innerText();
    return Number(text.replace(/[^\d]/g, ''));
  }

  /** The row count a grid page shows under its grid. */
  gridTotal(): Locator {
    return this.page.getByTestId('grid-total');
  }
}
