import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';
import { ServiceCasesPage } from '../pages/ServiceCasesPage';

function activeCustomer(dbPath: string) {
  const db = openE2eDatabase(dbPath, { readonly: true });
  const row = db
    .prepare(
      `SELECT c.id, a.id AS account_id FROM customers c JOIN accounts a ON a.customer_id = c.id
        WHERE a.status = 'active' ORDER BY c.id DESC LIMIT 1`,
    )
    .get() as { id: number; account_id: number };
  db.close();
  return row;
}

const TEXT = {
  'en-US': { resolved: 'Resolved', onTime: 'on time', fees: 'Fees' },
  'zh-CN': { resolved: '已办结', onTime: '按时', fees: '手续费' },
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });
    // Each flow signs in, works across pages and checks the database: slow on a loaded machine.
    test.setTimeout(150_000);
    const text = TEXT[lang];

    test('a regulator complaint is answered before its deadline and counts in the report', async ({ app }) => {
      const target = activeCustomer(app.dbPath);
      await app.console.signInAndWait('agent');
      const cases = new ServiceCasesPage(app.page);
      await cases.openCustomer(target.id);
      await app.page.getByTestId('open-complaint').click();
      const pick = async (testId: string, value: string) => {
        await app.page.getByTestId(testId).click();
        await app.page.getByTestId(`${testId}-${value}`).click();
      };
      await pick('complaint-channel', 'regulator');
      await pick('complaint-category', 'fees');
      await app.page.getByTestId('complaint-words').fill('手续费比公告的高，12363 转来的');
      await pick('complaint-regulator', 'pboc_12363');
      await app.page.getByTestId('complaint-referral').fill('12363-E2E-0001');
      // Ten days from now, whatever today is: the regulator's deadline lies ahead of the answer.
      const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      await app.page.getByTestId('complaint-regulator-due').fill(due);
      await app.page.getByTestId('complaint-submit').click();
      await expect(app.console.toast).toContainText(/CP\d{7}/);

      const db = openE2eDatabase(app.dbPath, { readonly: true });
      const c = db
        .prepare("SELECT id FROM service_cases WHERE kind = 'complaint' AND customer_id = ? ORDER BY id DESC")
        .get(target.id) as { id: number };
      db.close();
      await cases.openCase(c.id);
      await expect(app.page.getByTestId('complaint-regulator-facts')).toContainText('12363-E2E-0001');
      await app.page.getByTestId('complaint-respond').click();
      await pick('complaint-outcome', 'partially_upheld');
      await app.page
        .getByTestId('complaint-explanation')
        .fill('The promotion fee was not applied; we refund the difference.');
      await app.page.getByTestId('complaint-response').fill('您好，经核查，您的投诉部分成立……');
      await app.page.getByTestId('complaint-respond-confirm').click();
      await expect(cases.status).toHaveText(text.resolved);
      await expect(app.page.getByTestId('complaint-answer')).toContainText(text.onTime);

      const check = openE2eDatabase(app.dbPath, { readonly: true });
      const d = check
        .prepare('SELECT outcome, responded_at, regulator_due_at, referral_no FROM complaint_details WHERE case_id = ?')
        .get(c.id) as { outcome: string; responded_at: string; regulator_due_at: string; referral_no: string };
      check.close();
      expect(d.outcome).toBe('partially_upheld');
      expect(d.responded_at < d.regulator_due_at).toBe(true);

      await app.page
        .getByRole('button', { name: lang === 'en-US' ? 'Close' : '关闭' })
        .first()
        .click();
      await app.page.getByTestId('complaint-report-open').click();
      await expect(app.page.getByTestId('complaint-report-fees')).toContainText(text.fees);
    });
  });
}
