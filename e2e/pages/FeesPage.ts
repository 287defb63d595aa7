import { expect, type Locator, type Page } from '@playwright/test';
import { fillWallClock } from './wall-clock';

/** The Fee schedules page: versions, the rules grid, workflow buttons, preview, impact and diff. */
export class FeesPage {
  constructor(readonly page: Page) {}

  version(no: number): Locator {
    return this.page.getByTestId(`fee-version-${no}`);
  }

  versionStatus(no: number): Locator {
    return this.version(no).locator('[data-status]');
  }

  async newDraftFrom(no: number) {
    const button = this.page.getByTestId(`new-draft-${no}`);
    await expect(button).toBeVisible({ timeout: 15_000 }); // the versions are listed
    const next = (await this.page.getByTestId('fee-versions').locator('tbody tr').count()) + 1;
    await button.click();
    // The new draft opens on its rules once it is made (a round trip to the database, longer in
    // team mode): a tab chosen before then would be switched back, so wait for it to be selected.
    await expect(this.page.getByTestId(`fee-version-${next}`)).toHaveClass(/Mui-selected/, { timeout: 15_000 });
  }

  tab(name: 'rules' | 'preview' | 'impact' | 'diff'): Locator {
    return this.page.getByTestId(`fees-tab-${name}`);
  }

  get grid(): Locator {
    return this.page.getByTestId('rules-grid');
  }

  /** A rule's cell; the grid is scrolled so the row is rendered (AG Grid renders only what is visible). */
  async cell(rule: string, colId: string): Promise<Locator> {
    const row = this.grid.locator(`.ag-center-cols-container .ag-row.rule-${rule.replaceAll('|', '-')}`);
    // Scroll until the row is rendered: the first scroll may land before the rows have loaded.
    await expect(async () => {
      await this.grid.locator('.ag-body-viewport').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await expect(row).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 10_000 });
    return row.locator(`[col-id="${colId}"]`);
  }

  async editCell(rule: string, colId: string, text: string) {
    const cell = await this.cell(rule, colId);
    await cell.click();
    const input = cell.locator('input');
    await input.fill(text);
    await input.press('Enter');
  }

  async save() {
    await this.page.getByTestId('save-draft').click();
  }

  /** Saves the draft and waits until it is saved (the button disables again), so the grid has reloaded. */
  async saveAndWait() {
    await this.save();
    await expect(this.page.getByTestId('save-draft')).toBeDisabled();
  }

  /** A rule's cell text, re-finding the row each time: a reload may scroll it out of the rendered rows. */
  async cellText(rule: string, colId: string): Promise<string> {
    return (await (await this.cell(rule, colId)).innerText()).trim();
  }

  async submit() {
    await this.page.getByTestId('submit-version').click();
  }

  async approve(localWhen: string) {
    await this.page.getByTestId('approve-version').click();
    await fillWallClock(this.page.getByTestId('approve-when'), localWhen);
    await this.page.getByTestId('approve-confirm').click();
  }

  async preview(opts: { amount: string; usedCount: string }) {
    await this.tab('preview').click();
    await this.page.getByTestId('preview-amount').fill(opts.amount);
    await this.page.getByLabel(/Operations so far this month|本月已发生笔数/).fill(opts.usedCount);
  }

  previewFee(side: 'current' | 'draft'): Locator {
    return this.page.getByTestId(`preview-${side}-fee`);
  }

  async runSimulation() {
    await this.tab('impact').click();
    await this.page.getByTestId('run-simulation').click();
    await expect(this.page.getByTestId('simulation-result')).toBeVisible({ timeout: 30_000 });
  }

  get revenueDelta(): Locator {
    return this.page.getByTestId('impact-delta');
  }

  diffRow(rule: string): Locator {
    return this.page.getByTestId(`diff-${rule}`);
  }
}
