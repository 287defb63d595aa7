import type { Locator, Page } from '@playwright/test';

/** The service-case queue and drawer, and the manual-freeze dialog on the customer page. */
export class ServiceCasesPage {
  constructor(readonly page: Page) {}

  async openCustomer(customerId: number) {
    await this.page.evaluate((id) => (location.hash = `#/customers?id=${id}`), customerId);
    await this.page.getByTestId('customer-profile').waitFor();
  }

  async openCase(id: number) {
    await this.page.evaluate((caseId) => (location.hash = `#/cases?status=any&id=${caseId}`), id);
    await this.drawer.waitFor();
  }

  get drawer(): Locator {
    return this.page.getByTestId('service-case');
  }

  get status(): Locator {
    return this.page.getByTestId('service-case-status');
  }

  get accountStatus(): Locator {
    return this.page.getByTestId('account-status');
  }

  rows(): Locator {
    return this.page.getByTestId('cases-grid').locator('.ag-center-cols-container .ag-row');
  }

  /** Fills and submits the freeze dialog. */
  async freeze(o: { type: string; reason: string; txnNo?: string; order?: string; authority?: string }) {
    const dialog = this.page.getByTestId('manual-freeze');
    await dialog.waitFor();
    await this.page.getByTestId('freeze-type').click();
    await this.page.getByTestId(`freeze-type-${o.type}`).click();
    if (o.order) await this.page.getByTestId('freeze-order').fill(o.order);
    if (o.authority) await this.page.getByTestId('freeze-authority').fill(o.authority);
    await this.page.getByTestId('freeze-reason').fill(o.reason);
    if (o.txnNo) await this.page.getByTestId(`pick-txn-${o.txnNo}`).locator('input').check();
    await this.page.getByTestId('freeze-submit').click();
  }

  async verdict(which: 'approve' | 'reject', note: string) {
    await this.page.getByTestId(which === 'approve' ? 'case-approve' : 'case-reject').click();
    await this.page.getByTestId('verdict-note').fill(note);
    await this.page.getByTestId('verdict-confirm').click();
  }
}
