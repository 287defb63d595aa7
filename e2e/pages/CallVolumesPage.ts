import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { nativeFilePicker } from '../hosts';

/** The Call volumes page: dashboard controls, KPI cards, charts, drill-down, import and staffing. */
export class CallVolumesPage {
  constructor(readonly page: Page) {}

  async openView(params: string) {
    await this.page.evaluate((p) => (location.hash = `#/calls?${p}`), params);
    await this.loaded();
  }

  /** The dashboard has data and is not refetching. */
  async loaded() {
    await expect(this.page.locator('[data-testid="calls-dashboard"][data-loading="false"]')).toBeVisible({
      timeout: 20_000,
    });
    await expect(this.kpiCards).toBeVisible();
  }

  async pickPreset(preset: 'today' | 'yesterday' | 'd7' | 'd30' | 'd90') {
    await this.page.getByTestId('range-preset').click();
    await this.page.getByTestId(`preset-${preset}`).click();
  }

  async pickInterval(interval: '15m' | 'hour' | 'day' | 'week') {
    await this.page.getByTestId(`interval-${interval}`).click();
  }

  get kpiCards(): Locator {
    return this.page.getByTestId('kpi-cards');
  }

  kpi(name: string): Locator {
    return this.page.getByTestId(`kpi-${name}-value`);
  }

  chart(id: 'volume-chart' | 'sl-chart' | 'heatmap-chart' | 'categories-chart' | 'abandon-chart'): Locator {
    return this.page.getByTestId(id);
  }

  /** Clicks the volume chart's column for one interval (by its index in the series). */
  async clickVolumePoint(index: number) {
    const bar = this.chart('volume-chart').locator(`rect[data-point="${index}"]`).first();
    // Bars that have just replaced the dense view's stacked steps grow in from zero height.
    await expect.poll(async () => (await bar.boundingBox())?.height ?? 0).toBeGreaterThan(0);
    const box = (await bar.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + Math.min(4, box.height / 2);
    // Recharts resolves the clicked interval from the hover state: hover first, as a person would.
    await this.page.mouse.move(x, y);
    await expect(this.chart('volume-chart').locator('.recharts-tooltip-wrapper')).toBeVisible();
    await this.page.mouse.click(x, y);
  }

  heatCell(weekday: number, hour: number): Locator {
    return this.page.getByTestId(`heat-${weekday}-${hour}`);
  }

  get drillDown(): Locator {
    return this.page.getByTestId('drill-down');
  }

  get drillFigure(): Locator {
    return this.page.getByTestId('drill-figure');
  }

  get drillRows(): Locator {
    return this.drillDown.locator('.ag-center-cols-container .ag-row');
  }

  get drillTotal(): Locator {
    return this.drillDown.getByTestId('grid-total');
  }

  /** Imports a file through the dialog; `atPreview` runs its checks while the mapping preview shows. */
  async importFile(file: string, opts: { source: string; timeZone: string }, atPreview?: () => Promise<void>) {
    await this.page.getByTestId('import-open').click();
    await this.page.getByTestId('import-source').fill(opts.source);
    const pickNatively = nativeFilePicker(this.page);
    if (pickNatively) {
      await pickNatively(file); // Electron: the OS dialog, answered from main
      await this.page.getByTestId('import-choose').click();
    } else await this.page.getByTestId('import-file').setInputFiles(file);
    await expect(this.page.getByTestId('import-preview')).toBeVisible();
    await atPreview?.();
    await this.page.getByTestId('import-zone').fill(opts.timeZone);
    await this.page.getByTestId('import-start').click();
    await expect(this.page.locator('[data-testid="import-result"][data-status="completed"]')).toBeVisible({
      timeout: 30_000,
    });
  }

  /** Drags a file from the desktop onto the page and drops it, as a user does with a CSV. */
  async dropFile(file: string, type = 'text/csv') {
    const bytes = [...fs.readFileSync(file)];
    const name = path.basename(file);
    const transfer = await this.page.evaluateHandle(
      ({ bytes, name, type }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], name, { type }));
        return dt;
      },
      { bytes, name, type },
    );
    const zone = this.page.getByTestId('calls-drop-zone');
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await expect(this.page.getByTestId('calls-drop-hint')).toBeVisible();
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
  }

  get importMappingNote(): Locator {
    return this.page.getByTestId('import-mapping-note');
  }

  get importSummary(): Locator {
    return this.page.getByTestId('import-summary');
  }

  get importErrors(): Locator {
    return this.page.getByTestId('import-errors');
  }

  async closeImport() {
    await this.page.getByTestId('import-close').click();
  }

  async openStaffing() {
    await this.page.getByTestId('tab-staffing').click();
    await expect(this.page.getByTestId('agents-chart')).toBeVisible({ timeout: 20_000 });
  }

  async agentHours(): Promise<number> {
    return Number(await this.page.getByTestId('staffing-total').getAttribute('data-hours'));
  }

  async setServiceLevelTarget(pct: number) {
    await this.page.getByTestId('whatif-slPct').fill(String(pct));
  }
}
