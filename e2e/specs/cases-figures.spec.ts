import { expect, test } from '../fixtures';
import { OverviewPage } from '../pages/OverviewPage';

const FIGURES = ['complaintsOverdue', 'fraudReportsThisWeek', 'closuresAwaitingApproval'] as const;
const TITLES = {
  'en-US': ['Open complaints past their deadline', 'Fraud reports this week', 'Closures awaiting approval'],
  'zh-CN': ['已超期的未结投诉', '本周诈骗举报', '待审批的销户申请'],
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });
    test.setTimeout(120_000);

    test('the Overview and Call volumes count the service cases, and each count opens a queue showing as many', async ({
      app,
    }) => {
      await app.console.signInAndWait('supervisor');
      const overview = new OverviewPage(app.page);
      const values: number[] = [];
      for (const [i, key] of FIGURES.entries()) {
        await app.console.open('overview');
        await expect(overview.figure(key)).toContainText(TITLES[lang][i]);
        const value = await overview.value(key);
        values.push(value);
        await overview.figure(key).click();
        await expect(app.page).toHaveURL(/#\/cases\?/);
        await expect(overview.gridTotal()).toHaveText(new RegExp(`(^|\\D)${value.toLocaleString('en-US')}\\D`));
      }
      // The demo data holds an overdue complaint and a closure waiting for its second person.
      expect(values[0]).toBeGreaterThan(0);
      expect(values[2]).toBe(1);

      // Call volumes shows the same figures, counted the same way, linking the same way.
      await app.console.open('calls');
      const calls = app.page.getByTestId('calls-case-figures');
      for (const [i, key] of FIGURES.entries()) {
        await expect(calls.getByTestId(`figure-${key}`).getByTestId('figure-value')).toHaveText(
          new RegExp(`^${values[i]}$`),
        );
      }
      await calls.getByTestId('figure-closuresAwaitingApproval').click();
      await expect(overview.gridTotal()).toHaveText(/(^|\D)1\D/);
      await expect(app.page.getByTestId('cases-grid')).toContainText(lang === 'en-US' ? 'Awaiting approval' : '待审批');
    });
  });
}
