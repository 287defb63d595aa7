import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';
import { CustomerPage } from '../pages/CustomerPage';
import { OverviewPage } from '../pages/OverviewPage';

/** A settled payment with room for a partial refund, and its customer. */
function refundablePayment(dbPath: string) {
  const db = openE2eDatabase(dbPath, { readonly: true });
  const row = db
    .prepare(
      `SELECT t.txn_no, t.amount_minor - t.refunded_minor - t.pending_refund_minor AS remaining, a.customer_id
       FROM transactions t JOIN accounts a ON a.id = t.account_id
       WHERE t.operation = 'payment' AND t.status = 'settled' AND t.refunded_minor = 0 AND t.pending_refund_minor = 0
         AND t.amount_minor BETWEEN 5000 AND 40000 AND t.created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-60 days')
       ORDER BY t.id LIMIT 1`,
    )
    .get() as { txn_no: string; remaining: number; customer_id: number };
  db.close();
  return row;
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });

    test('an agent requests a partial refund from the customer page; both Overviews count it and link to the same rows', async ({
      app,
    }) => {
      const txn = refundablePayment(app.dbPath);
      await app.console.signInAndWait('supervisor');
      const overview = new OverviewPage(app.page);
      const pendingBefore = await overview.value('refundsUnder1d');
      await app.page.getByTestId('sign-out').click();

      await app.console.signInAndWait('agent');
      await app.page.evaluate((id) => (location.hash = `#/customers?id=${id}&tab=transactions`), txn.customer_id);
      const customer = new CustomerPage(app.page);
      await customer.gridRows('customer-transactions').filter({ hasText: txn.txn_no }).click();
      const dialog = app.page.getByTestId('new-refund-dialog');
      await expect(app.page.getByTestId('new-remaining')).toBeVisible();
      await app.page.getByTestId('new-amount').fill('20.00');
      await app.page.getByTestId('new-submit').click();
      await expect(dialog).toBeHidden();

      await app.console.open('overview');
      await expect(overview.figure('myOpenRequests').getByTestId('figure-value')).toHaveText('1');
      await overview.figure('myOpenRequests').click();
      await expect(overview.gridTotal()).toContainText('1');
      await app.page.getByTestId('sign-out').click();

      await app.console.signInAndWait('supervisor');
      await expect(overview.figure('refundsUnder1d').getByTestId('figure-value')).toHaveText(String(pendingBefore + 1));
      await overview.figure('refundsUnder1d').click();
      await expect(overview.gridTotal()).toContainText(String(pendingBefore + 1));
    });
  });
}

test('every Overview figure opens a grid whose total equals the figure', async ({ app }) => {
  await app.console.signInAndWait('supervisor');
  const overview = new OverviewPage(app.page);
  for (const key of ['casesHigh', 'casesOverdue', 'refunds1to3d', 'awaitingMyRefundApproval']) {
    await app.console.open('overview');
    const value = await overview.value(key);
    await overview.figure(key).click();
    await expect(overview.gridTotal()).toHaveText(new RegExp(`(^|\\D)${value.toLocaleString('en-US')}\\D`));
  }
});
