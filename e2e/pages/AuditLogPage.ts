import type { Locator, Page } from '@playwright/test';

export class AuditLogPage {
  constructor(readonly page: Page) {}

  get grid(): Locator {
    return this.page.getByTestId('audit-grid');
  }

  rows(): Locator {
    return this.grid.locator('.ag-center-cols-container .ag-row');
  }

  cellsInColumn(colId: string): Locator {
    return this.grid.locator(`.ag-center-cols-container [col-id="${colId}"]`);
  }

  async filterAction(action: string) {
    await this.page.getByTestId('filter-action').locator('input').fill(action);
  }

  async verifyChain() {
    await this.page.getByTestId('verify-chain').click();
    return this.page.getByTestId('chain-report');
  }

  get total(): Locator {
    return this.page.getByTestId('grid-total');
  }

  get detail(): Locator {
    return this.page.getByTestId('audit-detail');
  }
}
