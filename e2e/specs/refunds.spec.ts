import { expect, test } from '../fixtures';
import { actionLabel, AuditLogPage } from '../pages/AuditLogPage';
import { RefundsPage } from '../pages/RefundsPage';
import { refundsMessages } from '../../renderer/src/features/refunds/messages';
import { catalogMessages } from '../../renderer/src/i18n/catalog';
import { enUS } from '../../renderer/src/i18n/en-US';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

const TEXT = {
  'en-US': {
    ...refundsMessages.en,
    statuses: catalogMessages.en.refundStatus,
    errors: enUS.errors,
    money: (yuan: string) => `¥${yuan}`,
  },
  'zh-CN': {
    ...refundsMessages.zh,
    statuses: catalogMessages.zh.refundStatus,
    errors: zhCN.errors,
    money: (yuan: string) => `¥${yuan}`,
  },
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`refunds in ${lang}`, () => {
    test.use({ lang });
    const tx = TEXT[lang];

    test('an agent approves a ¥200 refund with A', async ({ app }) => {
      const refunds = new RefundsPage(app.page);
      await app.console.signInAndWait('admin');
      const r = await refunds.request(await refunds.findPayment(20_000), 20_000);
      await refunds.switchUser('agent');
      await refunds.open();
      await expect(refunds.cell(r.id, 'status')).toHaveText(tx.statuses.pending);
      await refunds.focusFirstRow();
      await refunds.press('a');
      await expect(refunds.confirmDialog.getByTestId('confirm-total')).toHaveText(tx.money('200.00'));
      await refunds.press('Enter');
      await expect(app.console.toast).toHaveText(tx.done.approved.replace('{{refundNo}}', r.refundNo));
      await expect(refunds.cell(r.id, 'status')).toHaveText(tx.statuses.approved);
    });

    test('a ¥3,000 refund awaits a second approval; the agent cannot give it, a supervisor does', async ({ app }) => {
      const refunds = new RefundsPage(app.page);
      await app.console.signInAndWait('admin');
      const r = await refunds.request(await refunds.findPayment(300_000), 300_000);
      await refunds.switchUser('agent');
      await refunds.open();
      await refunds.focusFirstRow();
      await refunds.press('a');
      await refunds.confirm();
      await expect(refunds.cell(r.id, 'status')).toHaveText(tx.statuses.awaiting_second_approval);
      await refunds.press('a');
      await refunds.confirm();
      await expect(app.console.toast.filter({ hasText: tx.errors.REFUND_FOUR_EYES })).toBeVisible();
      await expect(refunds.cell(r.id, 'status')).toHaveText(tx.statuses.awaiting_second_approval);
      await refunds.switchUser('supervisor');
      await refunds.open();
      await refunds.row(r.id).click();
      await refunds.detailButton('approve').click();
      await refunds.confirm();
      await expect(refunds.detailStatus).toHaveText(tx.statuses.approved);
    });

    test('a partial refund leaves the right remaining amount', async ({ app }) => {
      const refunds = new RefundsPage(app.page);
      await app.console.signInAndWait('agent');
      const txn = await refunds.findPayment(30_000);
      await refunds.open();
      await refunds.newRequest(txn.txnNo, '100');
      const remaining = ((txn.amountMinor - 10_000) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
      const first = refunds.grid.locator('.ag-center-cols-container .ag-row[row-index="0"]');
      await expect(first.locator('[col-id="amount"]')).toHaveText(tx.money('100.00'));
      await expect(first.locator('[col-id="remaining"]')).toHaveText(tx.money(remaining));
      await first.click();
      await expect(app.page.getByTestId('detail-remaining')).toHaveText(tx.money(remaining));
      await expect(app.page.getByTestId('detail-pending')).toHaveText(tx.money('100.00'));
    });

    test('a bulk approval with one row over the limit reports that row and approves the rest', async ({ app }) => {
      const refunds = new RefundsPage(app.page);
      await app.console.signInAndWait('admin');
      const small = await refunds.request(await refunds.findPayment(20_000), 20_000);
      const big = await refunds.request(await refunds.findPayment(300_000), 300_000);
      const small2 = await refunds.request(await refunds.findPayment(30_000), 30_000);
      await refunds.switchUser('agent');
      await refunds.open();
      for (const r of [small, big, small2]) await refunds.select(r.id);
      await app.page.getByTestId('bulk-approve').click();
      await expect(refunds.confirmDialog.getByTestId('confirm-count')).toHaveText('3');
      await expect(refunds.confirmDialog.getByTestId('confirm-total')).toHaveText(tx.money('3,500.00'));
      await refunds.confirm();
      await expect(refunds.bulkResult.getByTestId('bulk-summary')).toHaveText(
        tx.bulk.summary.replace('{{succeeded}}', '2').replace('{{failed}}', '1'),
      );
      await expect(refunds.bulkResult.getByTestId('bulk-row-failed')).toContainText(big.refundNo);
      await expect(refunds.bulkResult.getByTestId('bulk-row-failed')).toContainText(tx.errors.REFUND_OVER_LIMIT);
      await app.page.getByTestId('bulk-close').click();
      await expect(refunds.cell(small.id, 'status')).toHaveText(tx.statuses.approved);
      await expect(refunds.cell(small2.id, 'status')).toHaveText(tx.statuses.approved);
      await expect(refunds.cell(big.id, 'status')).toHaveText(tx.statuses.pending);
    });

    test('a failed payout is retried, and the audit log shows it all', async ({ app }) => {
      const refunds = new RefundsPage(app.page);
      await app.console.signInAndWait('admin');
      const r = await refunds.request(await refunds.findPayment(20_000, true), 20_000);
      await refunds.switchUser('agent');
      await refunds.open();
      await refunds.row(r.id).click();
      await refunds.detailButton('approve').click();
      await refunds.confirm();
      await expect(refunds.detailStatus).toHaveText(tx.statuses.approved);
      await refunds.detailButton('payout').click();
      await refunds.confirm();
      await expect(refunds.detailStatus).toHaveText(tx.statuses.failed);
      await expect(app.page.getByTestId('detail-failure')).toContainText(tx.payoutFailures.CHANNEL_TIMEOUT);
      await expect(refunds.detailButton('payout')).toHaveText(tx.actions.retryPayout);
      await refunds.detailButton('payout').click();
      await refunds.confirm();
      await expect(refunds.detailStatus).toHaveText(tx.statuses.paid);

      await refunds.switchUser('supervisor');
      await app.page.evaluate((id) => (location.hash = `#/audit?entityType=refund_request&entityId=${id}`), r.id);
      const audit = new AuditLogPage(app.page);
      await expect(audit.cellsInColumn('action')).toHaveText(
        ['refund.paid', 'refund.payoutFailed', 'refund.approved', 'refund.requested'].map((a) => actionLabel(lang, a)),
      );
    });
  });
}

test('shortcuts: ? lists them, R asks for a reason before rejecting', async ({ app }) => {
  const refunds = new RefundsPage(app.page);
  await app.console.signInAndWait('admin');
  const r = await refunds.request(await refunds.findPayment(20_000), 20_000);
  await refunds.switchUser('agent');
  await refunds.open();
  await refunds.press('Shift+?');
  await expect(app.page.getByTestId('shortcuts-dialog')).toBeVisible();
  await app.page.keyboard.press('Escape');
  await expect(app.page.getByTestId('shortcuts-dialog')).toBeHidden();
  await refunds.focusFirstRow();
  await refunds.press('r');
  await expect(app.page.getByTestId('reject-submit')).toBeDisabled();
  await app.page.getByTestId('reject-reason').click();
  await app.page.getByTestId('reject-reason-other').click();
  await expect(app.page.getByTestId('reject-submit')).toBeDisabled(); // "other" needs a note
  await app.page.getByTestId('reject-note').fill('customer withdrew the request');
  await app.page.getByTestId('reject-submit').click();
  await expect(refunds.cell(r.id, 'status')).toHaveText('Rejected');
  const forbidden = await app.console.callApi('refunds:updateSettings', { windowDays: 30, note: 'x' });
  expect(forbidden.error?.code).toBe('FORBIDDEN');
});
