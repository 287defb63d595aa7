import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';
import { CustomerPage } from '../pages/CustomerPage';
import { ServiceCasesPage } from '../pages/ServiceCasesPage';

/** Active customers with payments, read from the database the test runs on (never assumed). */
function activeCustomers(dbPath: string, n: number) {
  const db = openE2eDatabase(dbPath, { readonly: true });
  const rows = db
    .prepare(
      `SELECT c.id, a.id AS account_id, a.account_no,
              (SELECT t.txn_no FROM transactions t WHERE t.account_id = a.id ORDER BY t.created_at DESC, t.id DESC LIMIT 1) AS txn_no
         FROM customers c JOIN accounts a ON a.customer_id = c.id
        WHERE a.status = 'active' AND EXISTS (SELECT 1 FROM transactions t WHERE t.account_id = a.id)
        ORDER BY c.id LIMIT ?`,
    )
    .all(n) as { id: number; account_id: number; account_no: string; txn_no: string }[];
  db.close();
  return rows;
}

function queryDb<T>(dbPath: string, sql: string, ...params: unknown[]): T {
  const db = openE2eDatabase(dbPath, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

const TEXT = {
  'en-US': { frozen: 'Frozen', active: 'Active', approved: 'Approved', awaiting: 'Awaiting approval' },
  'zh-CN': { frozen: '已冻结', active: '正常', approved: '已批准', awaiting: '待审批' },
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });
    // Each flow signs in, works across pages and checks the database: slow on a loaded machine.
    test.setTimeout(150_000);
    const text = TEXT[lang];

    test('an agent freezes an account from a call: the contact, the evidence and the freeze case go together', async ({
      app,
    }) => {
      const [target] = activeCustomers(app.dbPath, 1);
      await app.console.signInAndWait('agent');
      const cases = new ServiceCasesPage(app.page);
      await cases.openCustomer(target.id);
      await expect(cases.accountStatus).toHaveText(text.active);
      await app.page.getByTestId('log-contact').click();
      await app.page.getByTestId('log-note').fill('Caller says his phone was stolen last night');
      await app.page.getByTestId('log-save-freeze').click();
      await cases.freeze({ type: 'suspected_takeover', reason: 'Phone stolen; caller verified', txnNo: target.txn_no });
      await expect(app.console.toast).toContainText(/FC\d{7}/);
      await expect(cases.accountStatus).toHaveText(text.frozen);

      const fc = queryDb<{ id: number; reason: string; evidence_rule: string; contact_case: number; linked: number }>(
        app.dbPath,
        `SELECT f.id, f.reason, f.evidence_rule,
                (SELECT count(*) FROM contacts k WHERE k.case_id = f.id AND k.note LIKE 'Caller says%') AS contact_case,
                (SELECT count(*) FROM freeze_case_transactions l JOIN transactions t ON t.id = l.transaction_id
                  WHERE l.case_id = f.id AND t.txn_no = ?) AS linked
           FROM freeze_cases f WHERE f.account_id = ? ORDER BY f.id DESC LIMIT 1`,
        target.txn_no,
        target.account_id,
      );
      expect(fc).toMatchObject({
        reason: 'abnormal_login',
        evidence_rule: 'manual:suspected_takeover',
        contact_case: 1,
        linked: 1,
      });
      const customer = new CustomerPage(app.page);
      await customer.tab('cases').click();
      await expect(customer.gridRows('customer-cases').first()).toContainText(/FC\d{7}/);
    });

    test('a judicial freeze waits for a second supervisor, then freezes the account', async ({ app }) => {
      const [, target] = activeCustomers(app.dbPath, 2);
      await app.console.signInAndWait('agent');
      const cases = new ServiceCasesPage(app.page);
      await cases.openCustomer(target.id);
      await app.page.getByTestId('freeze-account').click();
      await cases.freeze({ type: 'judicial', reason: 'Court order received by fax', order: '(2026)沪0115执保1234号' });
      await expect(app.console.toast).toContainText(/JF\d{7}/);
      await expect(cases.accountStatus).toHaveText(text.active);
      const req = queryDb<{ id: number }>(
        app.dbPath,
        "SELECT id FROM service_cases WHERE kind = 'judicial_freeze' AND account_id = ?",
        target.account_id,
      );

      await app.page.getByTestId('sign-out').click();
      await app.console.signInAndWait('supervisor');
      await app.console.open('cases');
      await expect(cases.rows().filter({ hasText: /JF\d{7}/ })).toHaveCount(1);
      await cases.openCase(req.id);
      await expect(cases.status).toHaveText(text.awaiting);
      await cases.verdict('approve', 'Order checked with the court');
      await expect(cases.status).toHaveText(text.approved);
      await app.page.getByTestId('open-freeze-case').click();
      await expect(app.page.getByTestId('case-detail')).toBeVisible();
      const account = queryDb<{ status: string }>(
        app.dbPath,
        'SELECT status FROM accounts WHERE id = ?',
        target.account_id,
      );
      expect(account.status).toBe('frozen');
    });
  });
}
