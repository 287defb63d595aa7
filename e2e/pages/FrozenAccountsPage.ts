import { openE2eDatabase } from '../database';
import { expect, type Locator, type Page } from '@playwright/test';
import { GridTools } from './GridTools';
import { fillWallClock } from './wall-clock';

/** The Frozen accounts queue and its case panel. Selectors live here, not in specs. */
export class FrozenAccountsPage {
  constructor(readonly page: Page) {}

  get grid(): Locator {
    return this.page.getByTestId('frozen-grid');
  }

  rows(): Locator {
    return this.grid.locator('.ag-center-cols-container .ag-row');
  }

  cell(row: Locator, colId: string): Locator {
    return row.locator(`[col-id="${colId}"]`);
  }

  get total(): Locator {
    return this.page.getByTestId('grid-total');
  }

  async open() {
    await this.page.evaluate(() => (location.hash = '#/frozen'));
    await expect(this.grid).toBeVisible();
  }

  async openCase(id: number) {
    await this.page.evaluate((caseId) => (location.hash = `#/frozen?id=${caseId}`), id);
    // The page, its grid and the case load together after a sign-in: allow for a busy CI machine.
    await expect(this.detail).toBeVisible({ timeout: 20_000 });
  }

  async chooseFilter(key: 'status' | 'reason' | 'risk' | 'owner', value: string) {
    await this.page.getByTestId(`filter-${key}`).locator('[role="combobox"]').click();
    await this.page.getByTestId(`filter-${key}-${value || 'none'}`).click();
  }

  async setOverdue(on: boolean) {
    await this.page.getByTestId('filter-overdue').locator('input').setChecked(on);
  }

  async search(text: string) {
    await this.page.getByTestId('filter-q').fill(text);
  }

  get detail(): Locator {
    return this.page.getByTestId('case-detail');
  }

  get status(): Locator {
    return this.page.getByTestId('case-status');
  }

  get owner(): Locator {
    return this.page.getByTestId('case-owner');
  }

  get accountStatus(): Locator {
    return this.page.getByTestId('account-status');
  }

  async closeCase() {
    await this.page.getByTestId('drawer-close').click();
    await expect(this.detail).toHaveCount(0);
  }

  async claim() {
    await this.page.getByTestId('case-claim').click();
  }

  async tick(kind: 'phone' | 'id_tail' | 'recent_transaction' | 'face') {
    const box = this.page.getByTestId(`check-${kind}`);
    // The box is controlled by main's answer, so it turns checked a moment after the click.
    await box.click();
    await expect(box).toBeChecked();
  }

  decisionButton(decision: 'unfreeze' | 'keep_frozen' | 'close' | 'escalate'): Locator {
    return this.page.getByTestId(`decide-${decision}`);
  }

  /** "Pay out to card …": opens the payout decision. */
  get payoutButton(): Locator {
    return this.page.getByTestId('case-payout');
  }

  get balance(): Locator {
    return this.page.getByTestId('account-balance');
  }

  /** One line of "What this freeze blocks", e.g. `debit`. */
  freezeRule(movement: 'credit' | 'refundToOrigin' | 'debit' | 'closurePayout' | 'closure'): Locator {
    return this.page.getByTestId(`freeze-rule-${movement}`);
  }

  /** Shown to the maker of a pending decision instead of Approve. */
  get awaitingOtherSupervisor(): Locator {
    return this.page.getByTestId('awaiting-other-supervisor');
  }

  get pendingDecision(): Locator {
    return this.page.getByTestId('pending-decision');
  }

  async signOut() {
    await this.page.getByTestId('sign-out').click();
  }

  get approveButton(): Locator {
    return this.page.getByTestId('case-approve');
  }

  get dialog(): Locator {
    return this.page.getByTestId('decision-dialog');
  }

  get dialogError(): Locator {
    return this.page.getByTestId('decision-error');
  }

  /** Fills and submits the decision dialog; a first decision also needs its reason picked (none is preset). */
  async fillDecision(note: string, reviewAt?: string, reason?: string) {
    if (reason) await this.pickReason(reason);
    await this.page.getByTestId('decision-note').fill(note);
    if (reviewAt !== undefined) await fillWallClock(this.page.getByTestId('decision-review-at'), reviewAt);
    await this.page.getByTestId('decision-submit').click();
  }

  async pickReason(reason: string) {
    await this.page.getByTestId('decision-reason').locator('[role="combobox"]').click();
    await this.page.getByTestId(`decision-reason-${reason}`).click();
  }

  async cancelDecision() {
    await this.page.getByTestId('decision-cancel').click();
  }

  async version(): Promise<string | null> {
    return this.detail.getAttribute('data-version');
  }

  async saveView(name: string) {
    await new GridTools(this.page, this.grid).saveView(name);
  }

  async chooseView(name: string) {
    await new GridTools(this.page, this.grid).chooseView(name);
  }

  filterValue(key: string): Locator {
    return this.page.getByTestId(`filter-${key}`).locator('[role="combobox"]');
  }
}

/** A case of one of `reasons` that anyone may work, with money on an account nothing else freezes. */
export function caseWithBalance(dbPath: string, reasons: string[], needsCard: boolean) {
  return queryDb<{ id: number; case_no: string; account_id: number; balance_minor: number } | undefined>(
    dbPath,
    `SELECT fc.id, fc.case_no, fc.account_id, a.balance_minor FROM freeze_cases fc JOIN accounts a ON a.id = fc.account_id
      WHERE fc.status IN ('open', 'in_review') AND fc.owner_id IS NULL AND a.balance_minor > 0
        AND fc.reason IN (${reasons.map(() => '?').join(', ')})
        AND (SELECT count(*) FROM freeze_cases o WHERE o.account_id = fc.account_id AND o.active = 1) = 1
        AND (? = 0 OR EXISTS (SELECT 1 FROM transactions t WHERE t.account_id = a.id AND t.payment_method LIKE 'bank_card:%'))
      ORDER BY fc.id LIMIT 1`,
    ...reasons,
    needsCard ? 1 : 0,
  );
}

/** Facts read straight from the test's database file, to pick cases and check what changed. */
export function queryDb<T>(dbPath: string, sql: string, ...params: unknown[]): T {
  const db = openE2eDatabase(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}
