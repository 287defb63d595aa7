import { openE2eDatabase } from '../database';
import { expect, test } from '../fixtures';

const ROW_HEIGHT = 36;

/** Account numbers at the given positions of the customer list in one order, from the database itself. */
function accountsAt(dbPath: string, orderBy: string, positions: number[]): string[] {
  const db = openE2eDatabase(dbPath, { readonly: true });
  const all = db
    .prepare(`SELECT a.account_no FROM customers c JOIN accounts a ON a.customer_id = c.id ORDER BY ${orderBy}`)
    .pluck()
    .all() as string[];
  db.close();
  return positions.map((p) => all[p]);
}

test('a grid scrolled deep, re-sorted and jumped shows the rows of the new order', async ({ app }) => {
  await app.console.signInAndWait('agent');
  await app.console.open('customers');
  const grid = app.page.getByTestId('customers-grid');
  const viewport = grid.locator('.ag-body-viewport');
  const accountAt = (i: number) =>
    grid.locator(`.ag-center-cols-container .ag-row[row-index="${i}"] [col-id="accountNo"]`);
  const scrollTo = (row: number) => viewport.evaluate((el, y) => (el.scrollTop = y), row * ROW_HEIGHT);

  // Deep, block by block, under the default order (newest registration first): the grid
  // now holds a cursor at the end of each block.
  const byRegistration = 'c.registered_at DESC, c.id DESC';
  for (const row of [100, 200, 300, 400, 500]) {
    await scrollTo(row);
    await expect(accountAt(row)).toHaveText(accountsAt(app.dbPath, byRegistration, [row])[0]);
  }

  // Re-sort by balance, then jump to rows the new order has not loaded yet.
  await grid.locator('.ag-header-cell[col-id="balance"]').click();
  await expect(grid.locator('.ag-header-cell[col-id="balance"]')).toHaveAttribute('aria-sort', 'ascending');
  const byBalance = 'a.balance_minor ASC, a.id ASC';
  for (const row of [450, 1_250, 320]) {
    await scrollTo(row);
    await expect(accountAt(row)).toHaveText(accountsAt(app.dbPath, byBalance, [row])[0]);
  }
  await expect(grid.getByRole('alert')).toHaveCount(0);
});
