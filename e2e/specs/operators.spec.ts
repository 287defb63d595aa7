import { expect, test } from '../fixtures';
import { actionLabel, AuditLogPage } from '../pages/AuditLogPage';
import { NAV_LABELS, type NavLabel } from '../pages/ConsolePage';
import { SettingsPage } from '../pages/SettingsPage';
import { enUS } from '../../renderer/src/i18n/en-US';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

const EXPECTED_NAV: Record<'agent' | 'supervisor' | 'admin', NavLabel[]> = {
  agent: ['overview', 'frozen', 'refunds', 'cases', 'fees', 'customers'],
  supervisor: ['overview', 'frozen', 'refunds', 'cases', 'fees', 'calls', 'customers', 'audit'],
  admin: NAV_LABELS,
};

for (const role of ['agent', 'supervisor', 'admin'] as const) {
  test(`${role} signs in and sees the navigation of that role`, async ({ app }) => {
    await app.console.signInAndWait(role);
    for (const label of NAV_LABELS) {
      await expect(app.console.navItem(label)).toHaveCount(EXPECTED_NAV[role].includes(label) ? 1 : 0);
    }
  });
}

test('an agent cannot reach Settings, and calling an admin channel anyway is FORBIDDEN and audited', async ({
  app,
}) => {
  await app.console.signInAndWait('agent');
  await expect(app.console.navItem('settings')).toHaveCount(0);
  await app.page.evaluate(() => (location.hash = '#/settings'));
  await expect(app.page.getByTestId('no-access')).toBeVisible();
  await expect(app.page.getByTestId('operators-table')).toHaveCount(0);
  const res = await app.console.callApi('operators:list', {});
  expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  // The refusal is in the audit log, as seen by a supervisor.
  await app.page.getByTestId('sign-out').click();
  await app.console.signInAndWait('supervisor');
  await app.console.open('audit');
  const audit = new AuditLogPage(app.page);
  await audit.filterAction('access.forbidden');
  await expect(audit.cellsInColumn('entity').first()).toHaveText('Console call #operators:list');
});

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });

    test('an admin changes an approval limit; the change is in the audit log and the chain verifies', async ({
      app,
    }) => {
      await app.console.signInAndWait('admin');
      await app.console.open('settings');
      const settings = new SettingsPage(app.page);
      await settings.tab('limits').click();
      await settings.setLimit('agent', '800.00', 'Peak season');
      await expect(settings.limitRow('agent')).toContainText('800.00');
      await app.console.open('audit');
      const audit = new AuditLogPage(app.page);
      await expect(audit.cellsInColumn('action').first()).toHaveText(actionLabel(lang, 'limit.updated'));
      await audit.rows().first().click();
      await expect(audit.detail).toContainText((lang === 'en-US' ? enUS : zhCN).audit.fields.maxMinor);
      await expect(audit.detail).toContainText('80000');
      await expect(audit.detail).toContainText('Peak season');
      await app.page.keyboard.press('Escape');
      const report = await audit.verifyChain();
      await expect(report).toContainText(lang === 'en-US' ? 'Chain intact' : '哈希链完整');
    });
  });
}

test('five wrong passwords hold the operator off for a while, with a translated message', async ({ app }) => {
  for (let i = 0; i < 5; i++) {
    await app.console.signIn({ username: 'agent2', password: `wrong-${i}` });
    await expect(app.console.alert).toHaveText('The username or password is not correct.');
  }
  await app.console.signIn({ username: 'agent2', password: 'agent123' });
  await expect(app.console.alert).toHaveText(
    'Too many failed attempts. Wait a little and try again; each further failure makes the wait longer.',
  );
});

test('an admin creates an operator, who must set a new password at first sign-in', async ({ app }) => {
  await app.console.signInAndWait('admin');
  await app.console.open('settings');
  const settings = new SettingsPage(app.page);
  await settings.tab('operators').click();
  await app.page.getByTestId('create-operator').click();
  const dialog = app.page.getByRole('dialog');
  await dialog.getByLabel('Username').fill('sun.li');
  await dialog.getByLabel('Display name').fill('孙丽 Sun Li');
  await dialog.getByLabel('Initial password').fill('welcome1');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(settings.operatorRow('sun.li')).toContainText('Must change password');
  await app.page.getByTestId('sign-out').click();
  await app.console.signIn({ username: 'sun.li', password: 'welcome1' });
  await expect(app.page.getByText('Set a new password')).toBeVisible();
});

test('the console locks when idle and keeps what the operator was typing', async ({ app }) => {
  await app.page.clock.install();
  await app.page.reload();
  await app.console.signInAndWait('admin');
  await app.console.open('audit');
  const action = app.page.getByTestId('filter-action').locator('input');
  await action.fill('half-typed filter');
  await app.page.clock.runFor(16 * 60_000);
  const lock = app.page.getByTestId('lock-overlay');
  await expect(lock).toBeVisible();
  await lock.locator('input[type="password"]').fill('admin123');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock).toBeHidden();
  await expect(action).toHaveValue('half-typed filter');
});

test('an admin sets the call-centre target; the Overview uses it, and an out-of-range value is refused', async ({
  app,
}) => {
  await app.console.signInAndWait('admin');
  await app.console.open('settings');
  const targets = app.page.getByTestId('call-targets');
  await targets.getByLabel('Service level target (%)').fill('200');
  await targets.getByRole('button', { name: 'Save' }).click();
  await expect(app.console.toast).toHaveText('Some of the input is not valid. Check the highlighted fields.');
  await targets.getByLabel('Service level target (%)').fill('90');
  await targets.getByRole('button', { name: 'Save' }).click();
  await expect(app.console.toast.last()).toHaveText('Saved.');
  await app.console.open('overview');
  await expect(app.page.getByTestId('contacts-today')).toContainText('target 90%');
});
