import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';
import { CustomerPage } from '../pages/CustomerPage';
import { ServiceCasesPage } from '../pages/ServiceCasesPage';

const TEXT = {
  'en-US': { notPlayed: 'notice NOT played' },
  'zh-CN': { notPlayed: '未播放提示' },
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });
    test.setTimeout(120_000);

    test('a logged call keeps its recording reference and notice, shown on the customer’s contacts', async ({
      app,
    }) => {
      const db = openE2eDatabase(app.dbPath, { readonly: true });
      const target = db.prepare('SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET 3').get() as { id: number };
      db.close();
      await app.console.signInAndWait('agent');
      await new ServiceCasesPage(app.page).openCustomer(target.id);
      await app.page.getByTestId('log-contact').click();
      await app.page.getByTestId('log-recording').fill('https://pbx.example/rec/E2E-1');
      await app.page.getByTestId('log-recording-notice').locator('input').uncheck();
      await app.page.getByTestId('log-note').fill('recording e2e');
      await app.page.getByTestId('log-save').click();
      const customer = new CustomerPage(app.page);
      await customer.tab('contacts').click();
      const row = customer.gridRows('customer-contacts').filter({ hasText: 'recording e2e' });
      await expect(row).toContainText('https://pbx.example/rec/E2E-1');
      await expect(row).toContainText(TEXT[lang].notPlayed);
    });
  });
}
