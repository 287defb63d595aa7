import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';
import { AuditLogPage } from '../pages/AuditLogPage';
import { CustomerPage } from '../pages/CustomerPage';

/**
 * A customer with an open freeze case, and how many "frozen account" contacts the database holds
 * for them. The demo data gives each open case two calls, but other contacts of that category can
 * fall on the same account depending on the day the data was generated, so the count is read from
 * the database the test runs on, never assumed.
 */
function customerWithOpenCase(dbPath: string) {
  const db = openE2eDatabase(dbPath, { readonly: true });
  const row = db
    .prepare(
      `SELECT c.id, c.phone, c.name_zh, f.case_no,
              (SELECT count(*) FROM contacts k JOIN accounts a2 ON a2.id = k.account_id
                WHERE a2.customer_id = c.id AND k.category = 'frozen_account') AS frozen_calls
         FROM freeze_cases f JOIN accounts a ON a.id = f.account_id JOIN customers c ON c.id = a.customer_id
        WHERE f.status = 'open' AND (SELECT count(*) FROM customers c2 WHERE substr(c2.phone, 8, 4) = substr(c.phone, 8, 4)) = 1
        ORDER BY c.id LIMIT 1`,
    )
    .get() as { id: number; phone: string; name_zh: string; case_no: string; frozen_calls: number };
  db.close();
  return row;
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });

    test('an agent finds a customer by phone tail and sees the freeze case and the calls about it', async ({ app }) => {
      const target = customerWithOpenCase(app.dbPath);
      await app.console.signInAndWait('agent');
      const customer = new CustomerPage(app.page);
      const hits = await customer.search(target.phone.slice(7));
      await expect(hits.first()).toContainText(target.name_zh);
      await app.page.keyboard.press('Enter');
      await expect(customer.profile).toContainText(target.name_zh);
      await expect(customer.profile).toContainText(`${target.phone.slice(0, 3)}****${target.phone.slice(7)}`);
      await customer.tab('cases').click();
      await expect(customer.gridRows('customer-cases').first()).toContainText(target.case_no);
      await customer.tab('contacts').click();
      const frozenCalls = customer
        .gridRows('customer-contacts')
        .filter({ hasText: lang === 'en-US' ? 'Frozen account' : '账户冻结' });
      // At least the two calls about the case, and exactly what the database holds.
      expect(target.frozen_calls).toBeGreaterThanOrEqual(2);
      await expect(frozenCalls).toHaveCount(target.frozen_calls);
    });
  });
}

test('unmasking a phone number asks why, shows it, and is audited', async ({ app }) => {
  const target = customerWithOpenCase(app.dbPath);
  await app.console.signInAndWait('supervisor');
  await app.page.evaluate((id) => (location.hash = `#/customers?id=${id}`), target.id);
  await app.page.getByTestId('unmask-phone').click();
  await app.page.getByTestId('unmask-reason').locator('input').fill('caller verification');
  await app.page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(app.page.getByTestId('profile-phone')).toHaveText(target.phone);
  await app.console.open('audit');
  await expect(new AuditLogPage(app.page).cellsInColumn('action').first()).toHaveText('Customer data unmasked');
});
