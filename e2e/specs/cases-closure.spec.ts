import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';
import { ServiceCasesPage } from '../pages/ServiceCasesPage';

/** An active customer with money, a verified card and no cases, read from the database the test runs on. */
function customerWithBalance(dbPath: string) {
  const db = openE2eDatabase(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT c.id, a.id AS account_id, a.balance_minor FROM customers c JOIN accounts a ON a.customer_id = c.id
          WHERE a.status = 'active' AND a.balance_minor > 0
            AND EXISTS (SELECT 1 FROM transactions t WHERE t.account_id = a.id AND t.payment_method LIKE 'bank_card:%')
            -- The demo data has closures and other cases of its own: a customer with none, so the case found is ours.
            AND NOT EXISTS (SELECT 1 FROM service_cases s WHERE s.customer_id = c.id)
            AND NOT EXISTS (SELECT 1 FROM freeze_cases f WHERE f.account_id = a.id)
          ORDER BY c.id LIMIT 1`,
      )
      .get() as { id: number; account_id: number; balance_minor: number };
  } finally {
    db.close();
  }
}

/** Ends the cooling-off period now: the test cannot wait a week, so it moves the request's clock back. */
function endCoolingOff(dbPath: string, caseId: number) {
  const db = openE2eDatabase(dbPath);
  try {
    const past = new Date(Date.now() - 60_000).toISOString();
    db.prepare('UPDATE closure_requests SET cooling_off_until = ? WHERE case_id = ?').run(past, caseId);
  } finally {
    db.close();
  }
}

const TEXT = {
  'en-US': { cooling: 'Cooling-off', awaiting: 'Awaiting approval', approved: 'Approved', closed: 'Closed' },
  'zh-CN': { cooling: '冷静期', awaiting: '待审批', approved: '已批准', closed: '已注销' },
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });
    // The flow signs in twice, works across pages and checks the database: slow on a loaded machine.
    test.setTimeout(150_000);
    const text = TEXT[lang];

    test('a customer’s closure cools off, then a supervisor closes the account and the balance is paid out', async ({
      app,
    }) => {
      const target = customerWithBalance(app.dbPath);
      await app.console.signInAndWait('agent');
      const cases = new ServiceCasesPage(app.page);
      await cases.openCustomer(target.id);
      await app.page.getByTestId('open-closure').click();
      await app.page.getByTestId('closure-check-phone').check();
      await app.page.getByTestId('closure-check-id_tail').check();
      await app.page.getByTestId('closure-reason').fill('客户出国定居，要求注销账户');
      await app.page.getByTestId('closure-submit').click();
      // Two checks are not enough: the form says so and nothing is opened.
      await expect(app.page.getByTestId('closure-form')).toContainText(
        lang === 'en-US' ? /at least one more check/ : /至少一项其他验证/,
      );
      await app.page.getByTestId('closure-check-face').check();
      await app.page.getByTestId('closure-submit').click();
      await expect(app.console.toast).toContainText(/CL\d{7}/);

      const db = openE2eDatabase(app.dbPath, { readonly: true });
      const c = db
        .prepare("SELECT id FROM service_cases WHERE kind = 'closure' AND account_id = ?")
        .get(target.account_id) as { id: number };
      db.close();
      await cases.openCase(c.id);
      await expect(cases.status).toHaveText(text.cooling);
      await expect(app.page.getByTestId('closure-send')).toBeDisabled();

      endCoolingOff(app.dbPath, c.id);
      await app.page.reload();
      await cases.drawer.waitFor();
      await app.page.getByTestId('closure-send').click();
      await expect(cases.status).toHaveText(text.awaiting);

      await app.page.getByTestId('drawer-close').click();
      await expect(cases.drawer).toBeHidden();
      await app.page.getByTestId('sign-out').click();
      await app.console.signInAndWait('supervisor');
      await cases.openCase(c.id);
      await cases.verdict('approve', 'Identity and reason checked');
      await expect(cases.status).toHaveText(text.approved);
      await expect(app.page.getByTestId('closure-paid')).toBeVisible();

      const check = openE2eDatabase(app.dbPath, { readonly: true });
      const account = check.prepare('SELECT status, balance_minor FROM accounts WHERE id = ?').get(target.account_id);
      const paid = check
        .prepare(
          "SELECT amount_minor FROM transactions WHERE account_id = ? AND operation = 'withdrawal' AND txn_no LIKE 'POCL%'",
        )
        .get(target.account_id);
      check.close();
      expect(account).toEqual({ status: 'closed', balance_minor: 0 });
      expect(paid).toEqual({ amount_minor: target.balance_minor });
      await cases.openCustomer(target.id);
      await expect(cases.accountStatus).toHaveText(text.closed);
    });
  });
}
