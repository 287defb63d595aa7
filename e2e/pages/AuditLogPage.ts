import type { Locator, Page } from '@playwright/test';
import { catalogMessages } from '../../renderer/src/i18n/catalog';

/** An audit action's label as the console shows it, e.g. 'refund.paid' → 'Refund paid out'. */
export function actionLabel(lang: 'en-US' | 'zh-CN', action: string): string {
  const [domain, verb] = action.split('.');
  const labels = catalogMessages[lang === 'en-US' ? 'en' : 'zh'].auditAction as Record<string, Record<string, string>>;
  return labels[domain][verb];
}

export class AuditLogPage {
  constructor(readonly page: Page) {}

  get grid(): Locator {
    return this.page.getByTestId('audit-grid');
  }

  rows(): Locator {
    return this.grid.locator('.ag-center-cols-container .ag-row');
  }

  cellsInColumn(colId: string): Locator {
    return this.grid.locator(`.ag-center-cols-container [col-id="${colId}"]`);
  }

  /** The action cells whose label is exactly this action's. */
  actionCells(lang: 'en-US' | 'zh-CN', action: string): Locator {
    const label = actionLabel(lang, action).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.cellsInColumn('action').filter({ hasText: new RegExp(`^${label}$`) });
  }

  async filterAction(action: string) {
    await this.page.getByTestId('filter-action').locator('input').fill(action);
  }

  async verifyChain() {
    await this.page.getByTestId('verify-chain').click();
    return this.page.getByTestId('chain-report');
  }

  get total(): Locator {
    return this.page.getByTestId('grid-total');
  }

  get detail(): Locator {
    return this.page.getByTestId('audit-detail');
  }
}
