import { expect, test } from '../fixtures';
import { MESSAGES } from '../../renderer/src/i18n';
import { NAV_LABELS, type NavLabel } from '../pages/ConsolePage';

/** Page titles are the navigation labels of each language. */
const title = (lang: 'en-US' | 'zh-CN', label: NavLabel) => MESSAGES[lang].nav[label];

test('the console loads and shows the demo sign-in', async ({ app }) => {
  await app.console.ready();
  await expect(app.page.getByTestId('demo-credentials')).toBeVisible();
  await app.console.signInAndWait('admin');
  await expect(app.page.getByTestId('operator-name')).toContainText('Zhou Min');
});

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });

    test('every page renders with its translated title', async ({ app }) => {
      await app.console.signInAndWait('admin');
      for (const label of NAV_LABELS) {
        await app.console.open(label);
        await expect(app.console.heading).toHaveText(title(lang, label));
        await expect(app.page.getByText('Something went wrong')).toHaveCount(0);
      }
    });

    test('a handler error shows a translated message', async ({ app }) => {
      await app.console.signIn({ username: 'agent', password: 'wrong-password' });
      await expect(app.console.alert).toHaveText(
        lang === 'en-US' ? 'The username or password is not correct.' : '用户名或密码不正确。',
      );
    });
  });
}

test('switching language at runtime re-labels the console', async ({ app }) => {
  await app.console.signInAndWait('supervisor');
  await expect(app.console.navItem('refunds')).toHaveText('Refunds');
  await app.console.setLanguage('zh-CN');
  await expect(app.console.navItem('refunds')).toHaveText('退款');
  await app.page.reload();
  await expect(app.console.navItem('refunds')).toHaveText('退款'); // the choice is remembered
});

test('switching theme cycles light, dark and system', async ({ app }) => {
  await app.console.signInAndWait('agent');
  const button = app.console.themeButton();
  const background = () => app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await button.click(); // system → light
  await expect(button).toHaveAttribute('data-theme-mode', 'light');
  const light = await background();
  await button.click(); // light → dark
  await expect(button).toHaveAttribute('data-theme-mode', 'dark');
  expect(await background()).not.toBe(light);
});
