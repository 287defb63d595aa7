import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';
import { ServiceCasesPage } from '../pages/ServiceCasesPage';

/**
 * An active customer whose recent payment went to a merchant that another transaction's
 * refund request also paid, read from the database the test runs on (never assumed).
 */
function victimAndRefund(dbPath: string) {
  const db = openE2eDatabase(dbPath, { readonly: true });
  try {
    const victims = db
      .prepare(
        `SELECT c.id, a.id AS account_id FROM customers c JOIN accounts a ON a.customer_id = c.id
          WHERE a.status = 'active' ORDER BY c.id LIMIT 200`,
      )
      .all() as { id: number; account_id: number }[];
    const recent = db.prepare(
      `SELECT txn_no, operation, merchant FROM transactions WHERE account_id = ?
        ORDER BY created_at DESC, id DESC LIMIT 20`,
    );
    const refundTo = db.prepare(
      `SELECT r.id FROM refund_requests r JOIN transactions t ON t.id = r.transaction_id
        WHERE t.merchant = ? AND t.account_id <> ? LIMIT 1`,
    );
    for (const v of victims) {
      for (const t of recent.all(v.account_id) as { txn_no: string; operation: string; merchant: string | null }[]) {
        if (t.operation !== 'payment' || !t.merchant) continue;
        const r = refundTo.get(t.merchant, v.account_id) as { id: number } | undefined;
        if (r) return { ...v, txnNo: t.txn_no, merchant: t.merchant, refundId: r.id };
      }
    }
    throw new Error('no victim with a refunded merchant in the test database');
  } finally {
    db.close();
  }
}

const TEXT = {
  'en-US': { frozen: 'Frozen', group: 'Reported fake numbers' },
  'zh-CN': { frozen: '已冻结', group: '已举报的假冒号码' },
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });
    // The flow signs in, works across three pages and checks the database: slow on a loaded machine.
    test.setTimeout(150_000);
    const text = TEXT[lang];

    test('a fraud report freezes the victim’s account and flags the payee, and a refund to that payee is warned', async ({
      app,
    }) => {
      const v = victimAndRefund(app.dbPath);
      await app.console.signInAndWait('agent');
      const cases = new ServiceCasesPage(app.page);
      await cases.openCustomer(v.id);
      await app.page.getByTestId('open-fraud-report').click();
      await app.page.getByTestId('fraud-number').fill('12');
      await app.page.getByTestId('fraud-words').fill('对方自称客服，说我的账户有风险，让我转账到“安全账户”');
      await app.page.getByTestId('fraud-submit').click();
      // A number too short for the blocklist is refused in the form, and nothing is written.
      await expect(app.page.getByTestId('fraud-form')).toBeVisible();
      await app.page.getByTestId('fraud-number').fill('400-820 1234');
      await app.page.getByTestId('fraud-loss').fill('2500');
      await app.page.getByTestId(`pick-txn-${v.txnNo}`).locator('input').check();
      await expect(app.page.getByTestId('fraud-freeze')).toBeChecked();
      await app.page.getByTestId('fraud-submit').click();
      await expect(app.console.toast).toContainText(/FR\d{7}.*FC\d{7}/);
      await expect(cases.accountStatus).toHaveText(text.frozen);
      await expect(app.page.getByTestId('customer-fraud-warning')).toContainText(/FR\d{7}/);

      const db = openE2eDatabase(app.dbPath, { readonly: true });
      const report = db
        .prepare(
          `SELECT sc.id, sc.case_no, r.fake_number, r.loss_minor, r.freeze_case_id,
                  (SELECT count(*) FROM flagged_payees f WHERE f.case_id = sc.id AND f.payee = ?) AS flagged
             FROM service_cases sc JOIN fraud_reports r ON r.case_id = sc.id
            WHERE sc.customer_id = ? ORDER BY sc.id DESC LIMIT 1`,
        )
        .get(`merchant:${v.merchant}`, v.id) as {
        id: number;
        case_no: string;
        fake_number: string;
        loss_minor: number;
        freeze_case_id: number | null;
        flagged: number;
      };
      db.close();
      expect(report).toMatchObject({ fake_number: '4008201234', loss_minor: 250000, flagged: 1 });
      expect(report.freeze_case_id).not.toBeNull();

      // The app bar finds the fake number however it is typed, and opens the report.
      await app.page.getByTestId('global-search').fill('400 820 1234');
      await expect(app.page.getByRole('listbox')).toContainText(text.group);
      await app.page.getByTestId('search-hit').first().click();
      await expect(app.page.getByTestId('fraud-section')).toBeVisible();
      await expect(app.page.getByTestId('fraud-payees')).toContainText(v.merchant);

      await app.page.evaluate((id) => (location.hash = `#/refunds?id=${id}`), v.refundId);
      await expect(app.page.getByTestId('detail-payee-warning')).toContainText(report.case_no);
    });
  });
}
