import fs from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { parseCsv } from '../../electron/imports/csv';

/** A grid's first block and its count can take a while on a loaded machine; a failure is still a failure. */
export const LOAD = { timeout: 30_000 };

/** What every queue grid has under it and around it: total, columns, export, empty and loading states, saved views. */
export class GridTools {
  constructor(
    readonly page: Page,
    readonly grid: Locator,
  ) {}

  /** The filtered row count the grid was given by its handler (data-total). */
  async total(): Promise<number> {
    await expect(this.grid).not.toHaveAttribute('data-total', '', LOAD);
    return Number(await this.grid.getAttribute('data-total'));
  }

  header(colId: string): Locator {
    return this.grid.locator(`.ag-header-cell[col-id="${colId}"]`);
  }

  cells(colId: string): Locator {
    return this.grid.locator(
      `.ag-center-cols-container [col-id="${colId}"], .ag-pinned-left-cols-container [col-id="${colId}"]`,
    );
  }

  /** Shows or hides one column through the column chooser. */
  async toggleColumn(colId: string) {
    await this.page.getByTestId('grid-columns').click();
    await this.page.getByTestId(`grid-column-${colId}`).click();
    await this.page.keyboard.press('Escape');
    await expect(this.page.getByTestId('grid-columns-menu')).toBeHidden();
  }

  /** Exports the grid's rows; returns the file's name and its rows (header first). */
  async exportCsv(): Promise<{ name: string; rows: string[][] }> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('grid-export').click();
    const file = await download;
    const text = fs.readFileSync((await file.path())!, 'utf8').replace(/^\ufeff/, '');
    return { name: file.suggestedFilename(), rows: parseCsv(text) };
  }

  get empty(): Locator {
    return this.page.getByTestId('grid-empty');
  }

  async saveView(name: string) {
    await this.page.getByTestId('save-view').click();
    await this.page.getByTestId('view-name').fill(name);
    await this.page.getByTestId('view-save-confirm').click();
  }

  async chooseView(name: string) {
    await this.page.getByTestId('saved-views').locator('[role="combobox"]').click();
    await this.page.getByTestId(`saved-view-${name}`).click();
  }
}
