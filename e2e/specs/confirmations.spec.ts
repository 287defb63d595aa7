import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';
import { caseWithBalance, FrozenAccountsPage } from '../pages/FrozenAccountsPage';
import { RefundsPage } from '../pages/RefundsPage';
import { SettingsPage } from '../pages/SettingsPage';
import { catalogMessages } from '../../renderer/src/i18n/catalog';
import { enUS } from '../../renderer/src/i18n/en-US';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

const TEXT = {
  'en-US': { catalog: catalogMessages.en, common: enUS.common, settings: enUS.settings },
  'zh-CN': { catalog: catalogMessages.zh, common: zhCN.common, settings: zhCN.settings },
} as const;

function count(dbPath: string, sql: string, ...params: unknown[]): number {
  const db = openE2eDatabase(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`confirmations in ${lang}`, () => {
    test.use({ lang });
    const tx = TEXT[lang];

    test('a refund payout is confirmed, waits, and can be undone before anything is sent', async ({ app }) => {
      test.slow(); // two undo countdowns, a wait past one, and the payout itself
      const refunds = new RefundsPage(app.page);
      await app.console.signInAndWait('admin');
      const r = await refunds.request(await refunds.findPayment(20_000), 20_000);
      await refunds.switchUser('agent');
      await refunds.open();
      await refunds.row(r.id).click();
      await refunds.detailButton('approve').click();
      await refunds.confirm();
      await expect(refunds.detailStatus).toHaveText(tx.catalog.refundStatus.approved);

      await refunds.detailButton('payout').click();
      await expect(refunds.confirmDialog.getByTestId('confirm-total')).toHaveText('¥200.00');
      await refunds.confirm();
      await expect(app.page.getByTestId('pending-action')).toBeVisible();
      await app.page.getByTestId('pending-undo').click();
      await expect(app.console.toast).toHaveText(tx.common.undone);
      // Past the countdown: still approved, and main never saw a payout.
      await app.page.waitForTimeout(6_000);
      await expect(refunds.detailStatus).toHaveText(tx.catalog.refundStatus.approved);
      const paid = `SELECT count(*) AS n FROM audit_events WHERE action LIKE 'refund.pa%' AND entity_id = ?`;
      expect(count(app.dbPath, paid, String(r.id))).toBe(0);

      await refunds.detailButton('payout').click();
      await refunds.confirm();
      await expect(refunds.detailStatus).toHaveText(tx.catalog.refundStatus.paid, { timeout: 15_000 });
      expect(count(app.dbPath, paid, String(r.id))).toBe(1);
    });

    test('a balance payout on a freeze case shows amount and card, and its approval can be undone', async ({ app }) => {
      test.slow(); // a maker, a second supervisor, and the undo countdown
      const frozen = new FrozenAccountsPage(app.page);
      // A staff payout is four-eyes only for a risk-rule freeze (FREEZE_RULES).
      const target = caseWithBalance(app.dbPath, ['frequent_transfers', 'rule_violation', 'inaccurate_info'], true);
      expect(target, 'a risk-frozen case with money and a verified card').toBeDefined();
      const balance = `¥${(target!.balance_minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      await app.console.signInAndWait('agent');
      await frozen.openCase(target!.id);
      await frozen.claim();
      for (const kind of ['phone', 'id_tail', 'face'] as const) await frozen.tick(kind);
      await frozen.payoutButton.click();
      await expect(frozen.dialog.getByTestId('confirm-total')).toHaveText(balance);
      await frozen.fillDecision(
        'Customer asked to close; card confirmed on the call',
        undefined,
        'customer_requested_closure',
      );
      await expect(frozen.status).toHaveText(tx.catalog.caseStatus.awaiting_second_approval);
      await frozen.closeCase();
      await frozen.signOut();

      await app.console.signInAndWait('supervisor');
      await frozen.openCase(target!.id);
      await frozen.approveButton.click();
      await expect(frozen.dialog.getByTestId('confirm-total')).toHaveText(balance);
      await expect(frozen.dialog.getByTestId('payout-undo')).toBeVisible();
      await frozen.fillDecision('Second check done');
      await app.page.getByTestId('pending-undo').click();
      await expect(app.console.toast).toHaveText(tx.common.undone);
      await app.page.waitForTimeout(6_000);
      await expect(frozen.balance).toHaveText(balance);
      await expect(frozen.status).toHaveText(tx.catalog.caseStatus.awaiting_second_approval);

      await frozen.approveButton.click();
      await frozen.fillDecision('Second check done');
      await expect(frozen.balance).toHaveText('¥0.00', { timeout: 15_000 });
    });

    test('changing a role and disabling an operator are confirmed first; cancelling changes nothing', async ({
      app,
    }) => {
      await app.console.signInAndWait('admin');
      await app.console.open('settings');
      const settings = new SettingsPage(app.page);
      await settings.tab('operators').click();
      const role = settings.operatorRow('agent2').locator('[role="combobox"]');
      await role.click();
      await app.page.getByRole('option', { name: tx.catalog.role.supervisor }).click();
      const dialog = app.page.getByTestId('confirm-dialog');
      await expect(dialog.getByTestId('confirm-role')).toHaveText(tx.catalog.role.supervisor);
      await dialog.getByTestId('confirm-cancel').click();
      await expect(role).toHaveText(tx.catalog.role.agent);

      await role.click();
      await app.page.getByRole('option', { name: tx.catalog.role.supervisor }).click();
      await dialog.getByTestId('confirm-submit').click();
      await expect(role).toHaveText(tx.catalog.role.supervisor);

      await app.page.getByTestId('toggle-agent2').click();
      await expect(dialog).toContainText(tx.settings.disableHelp);
      await dialog.getByTestId('confirm-submit').click();
      await expect(settings.operatorRow('agent2')).toContainText(tx.settings.disabled);
      const signIn = await app.console.callApi('session:current', {});
      expect(signIn.ok).toBe(true);
    });
  });
}
