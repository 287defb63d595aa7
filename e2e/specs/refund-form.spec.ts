import { expect, test } from '../fixtures';
import { RefundsPage } from '../pages/RefundsPage';

test('the refund form says what is wrong: three decimals, and a note over the limit is refused, not cut', async ({
  app,
}) => {
  const refunds = new RefundsPage(app.page);
  await app.console.signInAndWait('agent');
  const payment = await refunds.findPayment(10_000);
  await refunds.open();
  await app.page.getByTestId('new-refund').click();
  await app.page.getByTestId('new-txn-no').fill(payment.txnNo);
  await app.page.getByTestId('new-find').click();
  const dialog = app.page.getByTestId('new-refund-dialog');

  await app.page.getByTestId('new-amount').fill('12.345');
  await expect(dialog).toContainText('Use at most 2 decimal places.');
  await app.page.getByTestId('new-amount').fill('12.34');
  await expect(dialog).not.toContainText('decimal places');

  const note = 'x'.repeat(10_000);
  await app.page.getByTestId('new-note').fill(note);
  await expect(app.page.getByTestId('new-note')).toHaveValue(note);
  await expect(dialog).toContainText('Too long. Character limit: 2,000; this note: 10,000.');
  await expect(app.page.getByTestId('new-submit')).toBeDisabled();

  // Past the form, main refuses it too: nothing is stored cut short.
  const sent = await app.console.callApi('refunds:request', {
    transactionId: payment.id,
    amountMinor: 1_234,
    currency: 'CNY',
    type: 'customer',
    reason: 'requested_by_customer',
    note,
    idempotencyKey: 'e2e-long-note-1',
  });
  expect(sent).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

  await app.page.getByTestId('new-note').fill('x'.repeat(2_000));
  await expect(dialog).not.toContainText('Too long');
  await expect(app.page.getByTestId('new-submit')).toBeEnabled();
});
