import { expect, test } from '../fixtures';
import { GridTools, LOAD } from '../pages/GridTools';
import { refundsMessages } from '../../renderer/src/features/refunds/messages';
import { catalogMessages } from '../../renderer/src/i18n/catalog';
import { enUS } from '../../renderer/src/i18n/en-US';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

const TEXT = {
  'en-US': {
    refunds: refundsMessages.en,
    statuses: catalogMessages.en.refundStatus,
    segments: catalogMessages.en.segment,
    ui: enUS,
  },
  'zh-CN': {
    refunds: refundsMessages.zh,
    statuses: catalogMessages.zh.refundStatus,
    segments: catalogMessages.zh.segment,
    ui: zhCN,
  },
} as const;

/** The business day of `now` in the console's zone, as files are named (YYYY-MM-DD). */
const businessDay = (zone: string, now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

const ZONE = 'Asia/Shanghai';

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`queues in ${lang}`, () => {
    test.use({ lang });
    const tx = TEXT[lang];

    test('refunds open on open work, with customer and abuse columns; the abuse filter, the column chooser in a saved view, CSV of every filtered row, and an empty state that clears', async ({
      app,
    }) => {
      test.setTimeout(120_000);
      await app.console.signInAndWait('admin');
      expect((await app.console.callApi('settings:update', { timeZone: ZONE })).ok).toBe(true);
      const totalOf = async (filter: Record<string, unknown>) => {
        const res = await app.console.callApi('refunds:list', {
          sort: 'requestedAt',
          dir: 'desc',
          limit: 1,
          after: null,
          withTotal: true,
          filter,
        });
        return (res.data as { total: number }).total;
      };
      await app.console.open('refunds');
      const grid = new GridTools(app.page, app.page.getByTestId('refunds-grid'));

      // Open work first: the status filter says so, the count is the open requests', and every row is open.
      await expect(app.page.getByTestId('filter-status')).toContainText(tx.statuses.open);
      const open = await totalOf({ status: 'open' });
      expect(open).toBeGreaterThan(0);
      expect(await grid.total()).toBe(open);
      await expect(grid.cells('status').first()).toBeVisible(LOAD);
      const statuses = await grid.cells('status').allTextContents();
      expect(statuses.length).toBeGreaterThan(0);
      for (const s of statuses) expect([tx.statuses.pending, tx.statuses.awaiting_second_approval]).toContain(s);
      await expect(grid.header('customer')).toContainText(tx.refunds.columns.customer);
      await expect(grid.header('abuse')).toContainText(tx.refunds.columns.abuse);

      // The abuse signal as a filter: the count is the handler's, and every row shows why.
      await app.page.getByTestId('filter-abuse').click();
      const abusive = await totalOf({ status: 'open', abuse: true });
      expect(abusive).toBeGreaterThan(0);
      await expect.poll(() => grid.total(), LOAD).toBe(abusive);
      for (const cell of await grid.cells('abuse').allTextContents()) expect(cell.trim()).not.toBe('');
      // …and a warning before approving one.
      // (The switch just clicked keeps the focus, and keys typed in a field are not shortcuts.)
      await app.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await app.page.locator('body').press('j');
      await expect(app.page.getByTestId('refunds-grid').locator('.ag-row-focus').first()).toBeVisible();
      await app.page.keyboard.press('a');
      await expect(app.page.getByTestId('confirm-warning')).toContainText(
        tx.refunds.confirm.abuse.replace('{{count}}', '1'),
      );
      await app.page.keyboard.press('Escape');
      await expect(app.page.getByTestId('confirm-dialog')).toBeHidden();

      // Hide a column, keep the layout in a saved view, show it again, re-apply the view.
      await expect(grid.header('merchant')).toHaveCount(1);
      await grid.toggleColumn('merchant');
      await expect(grid.header('merchant')).toHaveCount(0);
      await grid.saveView(`no-merchant-${lang}`);
      await grid.toggleColumn('merchant');
      await expect(grid.header('merchant')).toHaveCount(1);
      await grid.chooseView(`no-merchant-${lang}`);
      await expect(grid.header('merchant')).toHaveCount(0);

      // CSV of every filtered row (not just the rows on screen), the columns shown, named by the business day.
      const csv = await grid.exportCsv();
      expect(csv.name).toBe(`refunds-${businessDay(ZONE)}.csv`);
      const [header, ...rows] = csv.rows.filter((r) => r.some((c) => c !== ''));
      expect(header).toContain(tx.refunds.columns.abuse);
      expect(header).toContain(tx.refunds.columns.customer);
      expect(header).not.toContain(tx.refunds.columns.merchant);
      expect(rows).toHaveLength(abusive);
      const status = header.indexOf(tx.refunds.columns.status);
      for (const r of rows) expect([tx.statuses.pending, tx.statuses.awaiting_second_approval]).toContain(r[status]);
      const firstNo = (await grid.cells('refundNo').first().textContent())!.trim();
      expect(rows[0][header.indexOf(tx.refunds.columns.refundNo)]).toBe(firstNo);

      // Filters that match nothing say so, and offer the way out: every request, whatever its status.
      await app.page.evaluate(() => (location.hash = '#/refunds?merchant=NoSuchMerchant'));
      await expect(grid.empty).toBeVisible(LOAD);
      await expect(grid.empty).toContainText(tx.ui.grid.empty);
      await app.page.getByTestId('grid-empty-clear').click();
      await expect(grid.empty).toBeHidden();
      await expect(app.page.getByTestId('filter-status')).toContainText(tx.refunds.filters.any);
      expect(await grid.total()).toBe(await totalOf({}));
    });

    test('customers: search by a phone tail, filter by segment and status, export what is shown', async ({ app }) => {
      test.setTimeout(120_000);
      await app.console.signInAndWait('admin');
      expect((await app.console.callApi('settings:update', { timeZone: ZONE })).ok).toBe(true);
      const first = await app.console.callApi('customers:list', {
        sort: 'registeredAt',
        dir: 'desc',
        limit: 1,
        after: null,
        filter: { segment: 'premium' },
      });
      const someone = (first.data as { rows: { phoneMasked: string; nameZh: string }[] }).rows[0];
      const tail = someone.phoneMasked.slice(-4);
      const expected = (
        await app.console.callApi('customers:list', {
          sort: 'registeredAt',
          dir: 'desc',
          limit: 500,
          after: null,
          withTotal: true,
          filter: { segment: 'premium', q: tail },
        })
      ).data as { total: number };

      await app.console.open('customers');
      const grid = new GridTools(app.page, app.page.getByTestId('customers-grid'));
      await grid.total();
      await app.page.getByTestId('customers-segment').locator('[role="combobox"]').click();
      await app.page.getByRole('option', { name: tx.segments.premium }).click();
      await app.page.getByTestId('customers-search').fill(tail);
      await expect.poll(() => grid.total(), LOAD).toBe(expected.total);
      for (const phone of await grid.cells('phone').allTextContents()) expect(phone.endsWith(tail)).toBe(true);
      await expect(grid.cells('nameZh').filter({ hasText: someone.nameZh }).first()).toBeVisible();

      const csv = await grid.exportCsv();
      expect(csv.name).toBe(`customers-${businessDay(ZONE)}.csv`);
      const [header, ...rows] = csv.rows.filter((r) => r.some((c) => c !== ''));
      expect(header).toContain(tx.ui.customers.phone);
      expect(rows).toHaveLength(expected.total);

      // A whole phone number is not a list filter (it is the audited lookup of the global search).
      await app.page.getByTestId('customers-search').fill('13800001234');
      await expect(grid.empty).toBeVisible(LOAD);
      await app.page.getByTestId('grid-empty-clear').click();
      await expect(app.page.getByTestId('customers-search')).toHaveValue('');
    });
  });
}
