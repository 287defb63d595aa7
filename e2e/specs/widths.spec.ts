import { expect, test } from '../fixtures';
import { CallVolumesPage } from '../pages/CallVolumesPage';
import { GridTools } from '../pages/GridTools';

/** Key columns and figures fit the two laptop widths people use: nothing clipped, wrapped or off-screen. */
for (const width of [1440, 1366] as const) {
  test(`the frozen queue's key columns fit at ${width} px: status and owner are on screen without scrolling`, async ({
    app,
  }) => {
    await app.page.setViewportSize({ width, height: width === 1440 ? 900 : 768 });
    await app.console.signInAndWait('supervisor');
    await app.console.open('frozen');
    const grid = new GridTools(app.page, app.page.getByTestId('frozen-grid'));
    await grid.total();
    const box = (await grid.grid.boundingBox())!;
    for (const colId of ['caseNo', 'customer', 'reason', 'risk', 'slaDue', 'status', 'owner']) {
      const cell = (await grid.header(colId).boundingBox())!;
      expect(cell.x + cell.width, `${colId} ends inside the grid`).toBeLessThanOrEqual(box.x + box.width + 1);
      expect(cell.x).toBeGreaterThanOrEqual(box.x);
    }
  });

  test(`the call KPI cards' values stay on one line, uncut, at ${width} px`, async ({ app }) => {
    await app.page.setViewportSize({ width, height: width === 1440 ? 900 : 768 });
    await app.console.signInAndWait('supervisor');
    const calls = new CallVolumesPage(app.page);
    await calls.openView('range=d7');
    const values = app.page.locator('[data-testid^="kpi-"][data-testid$="-value"]');
    await expect(values).toHaveCount(7);
    for (const el of await values.all()) {
      const fit = await el.evaluate((e) => ({
        uncut: e.scrollWidth <= e.clientWidth,
        lines: Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)),
        text: e.textContent,
      }));
      expect(fit, `${fit.text}`).toMatchObject({ uncut: true, lines: 1 });
    }
  });
}
