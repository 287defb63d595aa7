import { expect, type Locator, type Page } from '@playwright/test';
import { ConsolePage, type DEMO_USERS } from './ConsolePage';

interface TxnRow {
  id: number;
  txnNo: string;
  operation: string;
  status: string;
  amountMinor: number;
  refundedMinor: number;
  createdAt: string;
}
interface Refundable {
  id: number;
  txnNo: string;
  amountMinor: number;
  remainingMinor: number;
  paymentMethod: string;
  freeze: { effect: string };
}

/** The refunds queue, its detail panel and dialogs; requests are set up through the API. */
export class RefundsPage {
  readonly console: ConsolePage;
  private used = new Set<number>();
  constructor(readonly page: Page) {
    this.console = new ConsolePage(page);
  }

  async switchUser(role: keyof typeof DEMO_USERS) {
    await this.console.callApi('session:signOut', {});
    await this.page.reload();
    await this.console.signInAndWait(role);
  }

  /**
   * A settled payment paid in the last 100 days with nothing refunded yet, at least `minMinor`;
   * `failsFirstPayout` picks one the demo payment channel times out on once (id ending in 7).
   */
  async findPayment(minMinor: number, failsFirstPayout = false): Promise<Refundable> {
    const recent = Date.now() - 100 * 86_400_000;
    let after: unknown = null;
    for (let page = 0; page < 20; page++) {
      const res = await this.console.callApi('transactions:list', { sort: 'amount', dir: 'desc', limit: 500, after });
      const data = res.data as { rows: TxnRow[]; next: unknown };
      for (const t of data.rows) {
        const fits =
          t.operation === 'payment' &&
          t.status === 'settled' &&
          t.refundedMinor === 0 &&
          t.amountMinor >= minMinor &&
          Date.parse(t.createdAt) > recent &&
          (t.id % 10 === 7) === failsFirstPayout &&
          !this.used.has(t.id);
        if (!fits) continue;
        const found = await this.console.callApi('refunds:lookupTransaction', { txnNo: t.txnNo });
        const r = found.data as Refundable;
        const closedCard = /(\d{4})$/.exec(r.paymentMethod);
        if (r.remainingMinor !== r.amountMinor || (closedCard && Number(closedCard[1]) % 50 === 0)) continue;
        // A frozen account's refund carries a freeze warning (or is refused): not what these specs test.
        if (r.freeze.effect !== 'allowed') continue;
        this.used.add(t.id);
        return r;
      }
      after = data.next;
    }
    throw new Error(`no refundable payment of at least ${minMinor}`);
  }

  /** Logs a refund request through refunds:request as the signed-in operator; returns its id. */
  async request(txn: Refundable, amountMinor: number): Promise<{ id: number; refundNo: string }> {
    const res = await this.console.callApi('refunds:request', {
      transactionId: txn.id,
      amountMinor,
      currency: 'CNY',
      type: 'customer',
      reason: 'requested_by_customer',
      idempotencyKey: `e2e-${txn.id}-${amountMinor}-${Date.now()}`,
    });
    expect(res.ok, JSON.stringify(res.error)).toBe(true);
    return res.data as { id: number; refundNo: string };
  }

  /** The queue with every status (it opens on open work only), so a decided request stays in view. */
  async open() {
    await this.console.open('refunds');
    await this.page.evaluate(() => (location.hash = '#/refunds?status=any'));
    await expect(this.grid.locator('.ag-row').first()).toBeVisible();
  }

  get grid(): Locator {
    return this.page.getByTestId('refunds-grid');
  }

  row(id: number): Locator {
    return this.grid.locator(`.ag-center-cols-container [row-id="${id}"]`);
  }

  cell(id: number, colId: string): Locator {
    return this.grid.locator(`[row-id="${id}"] [col-id="${colId}"]`);
  }

  async select(id: number) {
    await this.row(id).locator('.ag-selection-checkbox input').check();
  }

  /** J from no focus lands on the first row; the newest request is first by default. */
  async focusFirstRow() {
    await this.page.locator('body').press('j');
    await expect(this.grid.locator('.ag-row-focus').first()).toBeVisible();
  }

  async press(key: string) {
    await this.page.keyboard.press(key);
  }

  get detail(): Locator {
    return this.page.getByTestId('refund-detail');
  }

  detailButton(name: 'approve' | 'reject' | 'payout' | 'return'): Locator {
    return this.page.getByTestId(`detail-${name}`);
  }

  get detailStatus(): Locator {
    return this.page.getByTestId('detail-status');
  }

  get confirmDialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }

  /** Confirms the open "what will happen" dialog. */
  async confirm() {
    await this.confirmDialog.getByTestId('confirm-submit').click();
    await expect(this.confirmDialog).toBeHidden();
  }

  get bulkResult(): Locator {
    return this.page.getByTestId('bulk-result');
  }

  async newRequest(txnNo: string, amount: string) {
    await this.page.getByTestId('new-refund').click();
    await this.page.getByTestId('new-txn-no').fill(txnNo);
    await this.page.getByTestId('new-find').click();
    await this.page.getByTestId('new-amount').fill(amount);
    await this.page.getByTestId('new-submit').click();
    await expect(this.page.getByTestId('new-refund-dialog')).toBeHidden();
  }
}
