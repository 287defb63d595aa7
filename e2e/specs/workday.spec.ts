import { openE2eDatabase } from '../database';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { CallVolumesPage } from '../pages/CallVolumesPage';
import { ServiceCasesPage } from '../pages/ServiceCasesPage';

/** Issue 17's remaining items, as a person sees them: palette, one date input, charts, log a contact, Back. */
const TEXT = {
  'en-US': {
    refunds: 'refunds',
    goRefunds: 'Go to Refunds',
    otherLanguage: '中文',
    languageButton: '中文',
    complaint: 'complaint',
    complaintTitle: /New complaint from/,
    none: 'No command or record matches.',
    logContact: 'Log a contact…',
    saved: /logged|saved/i,
  },
  'zh-CN': {
    refunds: '退款',
    goRefunds: '前往退款',
    otherLanguage: 'English',
    languageButton: 'English',
    complaint: '投诉',
    complaintTitle: /新建投诉|投诉/,
    none: '没有匹配的命令或记录。',
    logContact: '登记一次联系…',
    saved: /已登记|已保存/,
  },
} as const;

const palette = (page: Page) => ({
  root: page.getByTestId('palette'),
  input: page.getByTestId('palette-input'),
  items: page.getByTestId('palette-item'),
  selected: page.locator('[data-testid="palette-item"][aria-selected="true"]'),
  async open() {
    await page.keyboard.press('ControlOrMeta+k');
    await expect(page.getByTestId('palette-input')).toBeFocused();
  },
  async commands(): Promise<string[]> {
    return page.getByTestId('palette-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-command') ?? ''));
  },
});

/** Types a wall-clock value into a date/time field section by section, as a person does. */
async function typeInto(page: Page, testId: string, digits: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(digits);
}

function db(path: string) {
  return openE2eDatabase(path, { readonly: true });
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`workday in ${lang}`, () => {
    test.use({ lang });
    const tx = TEXT[lang];

    test('the command palette: Ctrl/Cmd+K, keyboard only, falls through to the search, and lists only what the role may open', async ({
      app,
    }) => {
      const p = palette(app.page);
      await app.console.signInAndWait('admin');
      await p.open();
      // Arrows move, Enter runs what is highlighted.
      await expect(p.selected).toHaveCount(1);
      const first = await p.selected.getAttribute('data-command');
      await app.page.keyboard.press('ArrowDown');
      await app.page.keyboard.press('ArrowDown');
      const third = await p.selected.getAttribute('data-command');
      expect(third).not.toBe(first);
      expect(third).toMatch(/^go-/);
      await app.page.keyboard.press('Enter');
      await expect(p.root).toBeHidden();
      const page = third!.replace(/^go-/, '');
      await expect.poll(() => app.page.evaluate(() => location.hash)).toMatch(new RegExp(`^#/${page}`));

      // Typing filters, in the UI language; Esc closes without running anything.
      await p.open();
      await app.page.keyboard.type(tx.refunds);
      await expect(p.items.first()).toHaveText(tx.goRefunds);
      await app.page.keyboard.press('Escape');
      await expect(p.root).toBeHidden();
      await p.open();
      await app.page.keyboard.type(tx.refunds);
      await expect(p.selected).toHaveText(tx.goRefunds);
      await app.page.keyboard.press('Enter');
      await expect.poll(() => app.page.evaluate(() => location.hash)).toMatch(/^#\/refunds/);

      // Text that is no command falls through to the customer/record search: Enter opens the hit.
      const c = db(app.dbPath)
        .prepare('SELECT a.account_no, a.customer_id FROM accounts a ORDER BY a.id LIMIT 1 OFFSET 40')
        .get() as { account_no: string; customer_id: number };
      await p.open();
      await app.page.keyboard.type(c.account_no);
      await expect(p.selected).toContainText(c.account_no);
      await app.page.keyboard.press('Enter');
      await expect.poll(() => app.page.evaluate(() => location.hash)).toBe(`#/customers?id=${c.customer_id}`);
      await expect(app.page.getByTestId('customer-profile')).toContainText(c.account_no);

      await p.open();
      await app.page.keyboard.type('zzzz-nothing');
      await expect(app.page.getByTestId('palette-status')).toHaveText(tx.none);
      await app.page.keyboard.press('Escape');

      // New complaint: pick the customer by search, the complaint form opens on them.
      await p.open();
      await app.page.keyboard.type(tx.complaint);
      await expect(p.selected).toHaveAttribute('data-command', 'new-complaint');
      await app.page.keyboard.press('Enter');
      await app.page.keyboard.type(c.account_no);
      await expect(p.selected).toContainText(c.account_no);
      await app.page.keyboard.press('Enter');
      await expect(app.page.getByRole('dialog')).toContainText(tx.complaintTitle);
      await expect.poll(() => app.page.evaluate(() => location.hash)).toBe(`#/customers?id=${c.customer_id}`);
      await app.page.keyboard.press('Escape');

      // Switch language from the palette.
      await p.open();
      await app.page.keyboard.type(tx.otherLanguage);
      await app.page.keyboard.press('Enter');
      await expect(app.page.getByTestId('language-button')).toContainText(tx.languageButton, { ignoreCase: true });
    });

    test('the palette offers an agent no page their role cannot open', async ({ app }) => {
      const p = palette(app.page);
      await app.console.signInAndWait('agent');
      await p.open();
      const commands = await p.commands();
      expect(commands).toEqual(expect.arrayContaining(['go-overview', 'go-frozen', 'go-refunds', 'sign-out']));
      for (const hidden of ['go-audit', 'go-settings', 'go-calls']) expect(commands).not.toContain(hidden);
      // The app-bar search stays: `/` puts the cursor in it.
      await app.page.keyboard.press('Escape');
      await expect(p.root).toBeHidden();
      await app.page.keyboard.press('/');
      await expect(app.page.getByTestId('global-search')).toBeFocused();
    });

    test('one date and time input: 24-hour YYYY-MM-DD HH:mm everywhere, today in the business time zone', async ({
      app,
    }) => {
      await app.console.signInAndWait('admin');
      // A zone 14 hours ahead of UTC: its today is not the machine's for ten hours a day.
      expect((await app.console.callApi('settings:update', { timeZone: 'Pacific/Kiritimati' })).ok).toBe(true);
      for (const hash of ['#/frozen', '#/audit', '#/calls', '#/fees', '#/cases']) {
        await app.page.evaluate((h) => (location.hash = h), hash);
        await expect(app.page.locator('main h1')).toBeVisible();
        await expect(
          app.page.locator('input[type="date"], input[type="datetime-local"], input[type="time"]'),
        ).toHaveCount(0);
      }
      const calls = new CallVolumesPage(app.page);
      await calls.openView('range=d7');
      await expect(app.page.getByTestId('range-from')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);

      await app.page.evaluate(() => (location.hash = '#/audit'));
      await typeInto(app.page, 'audit-from', '202611180930');
      await expect(app.page.getByTestId('audit-from')).toHaveValue('2026-11-18 09:30');
      await expect
        .poll(() => app.page.evaluate(() => decodeURIComponent(location.hash)))
        .toContain('from=2026-11-18T09:30');

      // The picker's clock is 24-hour, with no AM/PM, in both languages.
      await app.page.getByTestId('audit-to-open').click();
      const picker = app.page.getByRole('dialog');
      await expect(picker.locator('li[role="option"]').filter({ hasText: /^13$/ }).first()).toBeVisible();
      await expect(picker).not.toContainText(/\b(AM|PM)\b|上午|下午/);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati', day: 'numeric' }).format(
        new Date(),
      );
      await expect(picker.locator('.MuiPickersDay-today')).toHaveText(today);
      await app.page.keyboard.press('Escape');
    });

    test('charts: the heatmap has a legend, the forecast a tick per day, and day tooltips no 00:00', async ({
      app,
    }) => {
      await app.console.signInAndWait('supervisor');
      const calls = new CallVolumesPage(app.page);
      await calls.openView('range=d30&interval=day');
      const heat = calls.chart('heatmap-chart');
      await expect(heat.getByTestId('heatmap-legend')).toBeVisible();
      const values = await heat
        .locator('rect[data-value]')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
      expect(values).toHaveLength(7 * 24);
      await expect(heat.getByTestId('heatmap-legend-max')).toHaveText(Math.max(...values).toLocaleString(lang));
      await expect(heat.getByTestId('heatmap-legend-zero')).toHaveText('0');

      // A day's point: its tooltip names the day, with no time of day.
      const bar = calls.chart('volume-chart').locator('rect[data-point="3"]').first();
      await expect(bar).toBeVisible();
      // The bar grows in (and may be redrawn meanwhile): hover where it stood once it had grown.
      let box: { x: number; y: number; width: number; height: number } | null = null;
      await expect
        .poll(async () => {
          box = await bar.boundingBox();
          return box?.height ?? 0;
        })
        .toBeGreaterThan(4);
      const grown = box!;
      await app.page.mouse.move(grown.x + grown.width / 2, grown.y + 2);
      const tip = calls.chart('volume-chart').locator('.recharts-tooltip-label');
      await expect(tip).toBeVisible();
      await expect(tip).not.toHaveText(/\d:\d\d/);
      await expect(tip).toHaveText(/\d/);

      await calls.openStaffing();
      const forecast = (await app.console.callApi('calls:forecast', { channel: 'phone' })) as {
        ok: boolean;
        data: { intervals: { start: string }[]; timeZone: string };
      };
      expect(forecast.ok).toBe(true);
      const days = new Set(
        forecast.data.intervals.map((i) =>
          new Intl.DateTimeFormat('en-CA', { timeZone: forecast.data.timeZone }).format(new Date(i.start)),
        ),
      );
      const ticks = app.page.getByTestId('forecast-chart').locator('.recharts-xAxis .recharts-cartesian-axis-tick');
      await expect(ticks).toHaveCount(days.size);
    });

    test('log a contact: the account and the case found by search, and the drill-down shows the case number', async ({
      app,
    }) => {
      const found = db(app.dbPath)
        .prepare(
          `SELECT c.phone, a.account_no, f.case_no, f.id AS case_id, a.id AS account_id
           FROM freeze_cases f JOIN accounts a ON a.id = f.account_id JOIN customers c ON c.id = a.customer_id
           WHERE f.status NOT IN ('closed') ORDER BY f.id LIMIT 1`,
        )
        .get() as { phone: string; account_no: string; case_no: string; case_id: number; account_id: number };
      await app.console.signInAndWait('supervisor');
      const calls = new CallVolumesPage(app.page);
      await calls.openView('range=today');
      await app.page.getByTestId('log-contact-open').click();
      await app.page.getByTestId('log-account').fill(found.phone.slice(-4));
      await app.page.getByTestId('log-account-option').filter({ hasText: found.account_no }).click();
      await expect(app.page.getByTestId('log-account')).toHaveValue(new RegExp(found.account_no));
      await app.page.getByTestId('log-case').fill(found.case_no);
      await app.page.getByTestId('log-case-option').filter({ hasText: found.case_no }).click();
      await expect(app.page.getByTestId('log-case')).toHaveValue(new RegExp(found.case_no));
      const note = `e2e ${lang} ${found.case_no}`;
      await app.page.getByTestId('log-note').fill(note);
      await app.page.getByTestId('log-save').click();
      await expect(app.console.toast.first()).toBeVisible();
      const row = db(app.dbPath)
        .prepare('SELECT account_id, case_id, started_at FROM contacts WHERE note = ?')
        .get(note) as { account_id: number; case_id: number; started_at: string };
      expect(row).toMatchObject({ account_id: found.account_id, case_id: found.case_id });

      // The contact's hour in the heatmap (the business zone is UTC here); its drill-down names the case.
      const at = new Date(row.started_at);
      await calls.openView('range=today');
      await calls.heatCell((at.getUTCDay() + 6) % 7, at.getUTCHours()).click();
      await expect(calls.drillDown).toBeVisible();
      await expect(calls.drillDown.locator('[col-id="case"]').filter({ hasText: found.case_no }).first()).toBeVisible();
      const cases = await calls.drillDown
        .locator('.ag-center-cols-container [col-id="case"]')
        .evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
      for (const c of cases.filter(Boolean)) expect(c).toMatch(/^FC\d+$/);
    });

    test('Back closes an open service-case drawer before leaving the page', async ({ app }) => {
      await app.console.signInAndWait('supervisor');
      const opened = await app.console.callApi('complaints:open', {
        customerId: 5,
        channel: 'phone',
        category: 'fees',
        words: `e2e back ${lang}`,
        idempotencyKey: crypto.randomUUID(),
      });
      expect(opened.ok).toBe(true);
      await app.console.open('overview');
      const cases = new ServiceCasesPage(app.page);
      await app.page.evaluate(() => (location.hash = '#/cases?status=any'));
      await cases.rows().first().click();
      await expect(cases.drawer).toBeVisible();
      await app.page.goBack();
      await expect(cases.drawer).toBeHidden();
      await expect(app.page.getByTestId('cases-grid')).toBeVisible();
      await app.page.goBack();
      await expect(app.page.getByTestId('cases-grid')).toBeHidden();
      await expect.poll(() => app.page.evaluate(() => location.hash)).not.toMatch(/cases/);
    });
  });
}
