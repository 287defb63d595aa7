import fs from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures';
import { AuditLogPage } from '../pages/AuditLogPage';
import { CallVolumesPage } from '../pages/CallVolumesPage';
import { FrozenAccountsPage, queryDb } from '../pages/FrozenAccountsPage';
import { OverviewPage } from '../pages/OverviewPage';
import { RefundsPage } from '../pages/RefundsPage';
import { parseCsv } from '../../electron/imports/csv';

/**
 * The element at the centre of `target` is `target` itself (or inside it): nothing lies over it.
 * Polled, because a drawer slides in: mid-animation its button is not yet where it will stay.
 */
async function expectOnTop(target: Locator) {
  await expect
    .poll(
      async () => {
        const box = (await target.boundingBox())!;
        return target.evaluate(
          (el, [x, y]) => {
            const hit = document.elementFromPoint(x, y);
            return !!hit && (el === hit || el.contains(hit));
          },
          [box.x + box.width / 2, box.y + box.height / 2] as const,
        );
      },
      { message: 'not covered by the app bar', timeout: 5_000 },
    )
    .toBe(true);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string) {
  const b = fs.readFileSync(file);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`on screen in ${lang}`, () => {
    test.use({ lang });

    test('a case number and an account number are copied to the clipboard with one click', async ({ app }) => {
      await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      const c = queryDb<{ id: number; case_no: string; account_no: string; customer_id: number }>(
        app.dbPath,
        `SELECT f.id, f.case_no, a.account_no, a.customer_id FROM freeze_cases f JOIN accounts a ON a.id = f.account_id
         ORDER BY f.id LIMIT 1`,
      );
      await app.console.signInAndWait('supervisor');
      const frozen = new FrozenAccountsPage(app.page);
      await frozen.openCase(c.id);
      await app.page.getByTestId('drawer-copy-id').click();
      await expect(app.page.getByText(lang === 'zh-CN' ? `已复制 ${c.case_no}` : `${c.case_no} copied`)).toBeVisible();
      expect(await app.page.evaluate(() => navigator.clipboard.readText())).toBe(c.case_no);
      // Printed, the case stands alone: the console around it and the buttons are left out.
      await expect(app.page.getByTestId('drawer-print')).toBeVisible();
      await app.page.emulateMedia({ media: 'print' });
      await expect(app.console.nav).toBeHidden();
      await expect(frozen.detail).toBeVisible();
      await expect(app.page.getByTestId('drawer-close')).toBeHidden();
      await app.page.emulateMedia({ media: 'screen' });
      await frozen.closeCase();
      await app.page.evaluate((id) => (location.hash = `#/customers?id=${id}`), c.customer_id);
      await app.page.getByTestId('profile-copy-account').click();
      await expect.poll(() => app.page.evaluate(() => navigator.clipboard.readText())).toBe(c.account_no);
    });

    test('the drill-down drawer sits above the app bar, exports with the business day, and the PNG is the chart', async ({
      app,
    }) => {
      await app.console.signInAndWait('admin');
      // A zone ahead of UTC: its midnight is the previous day in UTC, which the file name must not use.
      expect((await app.console.callApi('settings:update', { timeZone: 'Asia/Shanghai' })).ok).toBe(true);
      const calls = new CallVolumesPage(app.page);
      await calls.openView('range=d7');
      const from = await app.page.getByTestId('range-from').inputValue();

      const png = app.page.waitForEvent('download');
      await app.page.getByTestId('volume-chart-png').click();
      const pngFile = await (await png).path();
      const size = pngSize(pngFile);
      expect(size.width).toBeGreaterThan(300);
      expect(size.height).toBeGreaterThan(300);

      // A contact in the Wednesday 10:00 cell, with a note the file must quote, then the charts again.
      const wednesday = [...Array(7).keys()]
        .map((i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10))
        .find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 3)!;
      const note = 'callback, "urgent"';
      const logged = await app.console.callApi('contacts:log', {
        channel: 'phone',
        category: 'refund',
        outcome: 'resolved',
        startedAt: new Date(`${wednesday}T10:15:00+08:00`).toISOString(),
        note,
        idempotencyKey: 'e2e-drill-export',
      });
      expect(logged.ok).toBe(true);
      await calls.openView('range=d7');
      // The zone change rebuilds the day and hour rollups on a worker: the cells are Shanghai's once it is done.
      await expect(app.page.getByTestId('rollups-rebuilding')).toHaveCount(0);

      await calls.heatCell(2, 10).click();
      await expect(calls.drillDown).toBeVisible();
      await expectOnTop(app.page.getByTestId('drawer-close'));
      await expectOnTop(app.page.getByTestId('drill-export'));
      const figure = Number((await calls.drillFigure.innerText()).replace(/\D/g, ''));
      const csv = app.page.waitForEvent('download');
      await app.page.getByTestId('drill-export').click();
      const file = await csv;
      expect(file.suggestedFilename()).toBe(`contacts-${from}.csv`);
      await expect(app.page.getByTestId('drill-export-progress')).toBeHidden();
      // The file the worker wrote: the header, every contact of the cell, each at 10:xx Shanghai time.
      const rows = parseCsv(fs.readFileSync((await file.path())!, 'utf8').replace(/^\ufeff/, ''));
      expect(rows[0].slice(0, 4)).toEqual(['id', 'external_id', 'started_at (Asia/Shanghai)', 'channel']);
      expect(rows.length - 1).toBe(figure);
      expect(figure).toBeGreaterThan(0);
      expect(rows.slice(1).every((r) => r.length === rows[0].length && r[2].slice(11, 13) === '10')).toBe(true);
      expect(rows.find((r) => r[1] === 'MANUAL-e2e-drill-export')).toMatchObject({
        2: `${wednesday} 10:15:00`,
        11: note,
      });
      await app.page.getByTestId('drawer-close').click();
      await expect(calls.drillDown).toHaveCount(0);
    });

    test('the audit detail drawer sits above the app bar and closes; Back closes a drawer before leaving', async ({
      app,
    }) => {
      await app.console.signInAndWait('supervisor');
      await app.console.open('audit');
      const audit = new AuditLogPage(app.page);
      await audit.rows().first().click();
      await expect(audit.detail).toBeVisible();
      await expectOnTop(app.page.getByTestId('drawer-title'));
      await expectOnTop(app.page.getByTestId('drawer-close'));
      await app.page.getByTestId('drawer-close').click();
      await expect(audit.detail).toHaveCount(0);
      await expect(audit.grid).toBeVisible();

      // Back with a drawer open closes the drawer and stays on the page; the next Back leaves.
      await audit.rows().first().click();
      await expect(audit.detail).toBeVisible();
      await app.page.goBack();
      await expect(audit.detail).toHaveCount(0);
      await expect(audit.grid).toBeVisible();

      const frozen = new FrozenAccountsPage(app.page);
      await frozen.open();
      await frozen.rows().first().click();
      await expect(frozen.detail).toBeVisible();
      await app.page.goBack();
      await expect(frozen.detail).toHaveCount(0);
      await expect(frozen.grid).toBeVisible();
      await app.page.goBack();
      await expect(audit.grid).toBeVisible();
    });

    test('"decided by me today" counts decisions only and opens the same rows; for an agent it is no link', async ({
      app,
    }) => {
      const refunds = new RefundsPage(app.page);
      await app.console.signInAndWait('admin');
      const r = await refunds.request(await refunds.findPayment(20_000), 20_000);
      await refunds.switchUser('supervisor');
      const overview = new OverviewPage(app.page);
      const before = await overview.value('decidedToday');
      // Work that is not a decision: a claim and a note.
      const cases = await app.console.callApi('frozen:list', {
        sort: 'slaDue',
        dir: 'asc',
        limit: 1,
        after: null,
        filter: { status: 'active', owner: 'unassigned' },
      });
      const c = (cases.data as { rows: { id: number; version: number }[] }).rows[0];
      expect((await app.console.callApi('frozen:claim', { id: c.id, expectedVersion: c.version })).ok).toBe(true);
      const approved = await app.console.callApi('refunds:approve', {
        id: r.id,
        expectedVersion: 0,
        idempotencyKey: `e2e-decided-${r.id}`,
      });
      expect(approved.ok, JSON.stringify(approved.error)).toBe(true);
      await app.page.reload();
      await expect(overview.figure('decidedToday').getByTestId('figure-value')).toHaveText(String(before + 1));
      await overview.figure('decidedToday').click();
      await expect(overview.gridTotal()).toHaveText(new RegExp(`(^|\\D)${before + 1}\\D`));

      await refunds.switchUser('agent');
      await app.console.open('overview');
      await expect(overview.figure('decidedToday')).toHaveAttribute('data-link', 'no');
    });

    test('a saved view is applied again after the filters were cleared', async ({ app }) => {
      const frozen = new FrozenAccountsPage(app.page);
      await app.console.signInAndWait('agent');
      await frozen.open();
      await frozen.chooseFilter('risk', 'high');
      await frozen.saveView('High');
      await expect(app.console.toast).toContainText('High');
      await app.page.getByTestId('filters-clear').click();
      await expect(frozen.filterValue('risk')).not.toHaveText(lang === 'en-US' ? 'High' : '高');
      await frozen.chooseView('High');
      await expect(frozen.filterValue('risk')).toHaveText(lang === 'en-US' ? 'High' : '高');
    });
  });
}
