import Database from 'better-sqlite3';
import { expect, test } from '../fixtures';
import { FrozenAccountsPage } from '../pages/FrozenAccountsPage';
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
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Workable cases whose account still holds money, for the balance payout. */
function casesWithBalance(dbPath: string): number[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (
      db
        .prepare(
          `SELECT fc.id FROM freeze_cases fc JOIN accounts a ON a.id = fc.account_id
           WHERE fc.status IN ('open', 'in_review') AND fc.reason <> 'judicial' AND a.balance_minor > 0
           ORDER BY fc.id LIMIT 40`,
        )
        .all() as { id: number }[]
    ).map((r) => r.id);
  } finally {
    db.close();
  }
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`confirmations in ${lang}`, () => {
    test.use({ lang });
    const tx = TEXT[lang];

    test('a refund payout is confirmed, waits, and can be undone before anything is sent', async ({ app }) => {
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

    test('a balance payout on a freeze case is confirmed with amount and card, and can be undone', async ({ app }) => {
      const frozen = new FrozenAccountsPage(app.page);
      await app.console.signInAndWait('supervisor');
      let caseId: number | null = null;
      let balance = '';
      for (const id of casesWithBalance(app.dbPath)) {
        const res = await app.console.callApi('frozen:get', { id });
        const d = res.data as { account: { verifiedCard: string | null; balanceMinor: number } };
        if (d.account.verifiedCard) {
          caseId = id;
          balance = (d.account.balanceMinor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
          break;
        }
      }
      expect(caseId, 'a case with money and a verified card').not.toBeNull();
      await frozen.openCase(caseId!);
      await app.page.getByTestId('case-payout').click();
      await expect(app.page.getByTestId('confirm-dialog').getByTestId('confirm-total')).toHaveText(`¥${balance}`);
      await app.page.getByTestId('confirm-submit').click();
      await app.page.getByTestId('pending-undo').click();
      await expect(app.console.toast).toHaveText(tx.common.undone);
      await app.page.waitForTimeout(6_000);
      await expect(app.page.getByTestId('account-balance')).toHaveText(`¥${balance}`);

      await app.page.getByTestId('case-payout').click();
      await app.page.getByTestId('confirm-submit').click();
      await expect(app.page.getByTestId('account-balance')).toHaveText('¥0.00', { timeout: 15_000 });
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
