import { chromium } from '@playwright/test';
import { expect, test } from '../fixtures';
import { CHROMIUM_ARGS, chromiumPath, startBrowserHost } from '../hosts';
import { AuditLogPage } from '../pages/AuditLogPage';
import { ConsolePage } from '../pages/ConsolePage';
import { caseWithBalance, FrozenAccountsPage, queryDb } from '../pages/FrozenAccountsPage';
import { frozenMessages } from '../../renderer/src/features/frozen/messages';
import { catalogMessages } from '../../renderer/src/i18n/catalog';
import { enUS } from '../../renderer/src/i18n/en-US';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { fillWallClock } from '../pages/wall-clock';

const RULES = {
  'en-US': {
    ...frozenMessages.en,
    errors: enUS.errors,
    statuses: catalogMessages.en.caseStatus,
    decisions: catalogMessages.en.freezeDecision,
  },
  'zh-CN': {
    ...frozenMessages.zh,
    errors: zhCN.errors,
    statuses: catalogMessages.zh.caseStatus,
    decisions: catalogMessages.zh.freezeDecision,
  },
} as const;

const TEXT = {
  'en-US': {
    awaiting: 'Awaiting second approval',
    unfrozen: 'Unfrozen',
    active: 'Active',
    noteRequired: 'Write a note: every decision needs one.',
    reviewInPast: 'The review date must be in the future.',
    high: 'High',
    keptFrozen: 'Kept frozen',
    phoneCheck: 'Registered phone number',
    identityVerified: 'Identity verified',
  },
  'zh-CN': {
    awaiting: '待二次审批',
    unfrozen: '已解封',
    active: '正常',
    noteRequired: '请填写备注：每个决定都需要备注。',
    reviewInPast: '复核日期必须晚于当前时间。',
    high: '高',
    keptFrozen: '维持冻结',
    phoneCheck: '注册手机号',
    identityVerified: '身份已核实',
  },
} as const;

/** An overdue, high-risk, non-judicial case nobody owns: what the agent picks from the queue. */
function overdueHighRiskCase(dbPath: string) {
  return queryDb<{ id: number; case_no: string; account_id: number }>(
    dbPath,
    `SELECT id, case_no, account_id FROM freeze_cases WHERE active = 1 AND status IN ('open', 'in_review')
       AND risk = 'high' AND reason <> 'judicial' AND owner_id IS NULL AND sla_due_at < ? ORDER BY sla_due_at LIMIT 1`,
    new Date().toISOString(),
  );
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`frozen accounts in ${lang}`, () => {
    test.use({ lang });
    const text = TEXT[lang];

    test('agent verifies and asks to unfreeze; only another supervisor can approve; audit shows both', async ({
      app,
    }) => {
      test.slow(); // two operators, two sign-ins, the refused dialog, a decision and its approval
      const target = overdueHighRiskCase(app.dbPath);
      const frozen = new FrozenAccountsPage(app.page);
      await app.console.signInAndWait('agent');
      await frozen.open();
      await frozen.chooseFilter('risk', 'high');
      await frozen.setOverdue(true);
      await frozen.search(target.case_no);
      await expect(frozen.rows()).toHaveCount(1);
      const row = frozen.rows().first();
      await expect(frozen.cell(row, 'risk')).toHaveText(text.high);
      await expect(row).toHaveClass(/frozen-overdue/);
      await frozen.cell(row, 'caseNo').click();
      await expect(frozen.detail).toBeVisible();

      await frozen.claim();
      await expect(frozen.owner).toContainText('Chen Xiao');
      // Before the checks are done, the dialog names what is missing and will not submit.
      await frozen.decisionButton('unfreeze').click();
      await frozen.pickReason('identity_verified');
      await app.page.getByTestId('decision-note').fill('too early');
      await expect(app.page.getByTestId('decision-blocker')).toContainText(text.phoneCheck);
      await expect(app.page.getByTestId('decision-submit')).toBeDisabled();
      await frozen.cancelDecision();
      for (const kind of ['phone', 'id_tail', 'face'] as const) await frozen.tick(kind);
      await frozen.decisionButton('unfreeze').click();
      await expect(app.page.getByTestId('decision-blocker')).toHaveCount(0);
      await frozen.fillDecision('Caller confirmed phone, ID tail and face check', undefined, 'identity_verified');
      await expect(frozen.status).toHaveText(text.awaiting);
      await expect(frozen.approveButton).toHaveCount(0);
      const forbidden = await app.console.callApi('frozen:approve', {
        id: target.id,
        expectedVersion: Number(await frozen.version()),
        note: 'self-approval attempt',
        idempotencyKey: 'e2e-agent-approve-attempt',
      });
      expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      await frozen.closeCase();
      await app.page.getByTestId('sign-out').click();
      await app.console.signInAndWait('supervisor');
      await frozen.openCase(target.id);
      await expect(app.page.getByTestId('pending-decision-note')).toContainText(
        'Caller confirmed phone, ID tail and face check',
      );
      await frozen.approveButton.click();
      await frozen.fillDecision('Second check done');
      await expect(frozen.status).toHaveText(text.unfrozen);
      await expect(frozen.accountStatus).toHaveText(text.active);
      const account = queryDb<{ status: string }>(
        app.dbPath,
        'SELECT status FROM accounts WHERE id = ?',
        target.account_id,
      );
      expect(account.status).toBe('active');

      await app.page.evaluate(
        (id) => (location.hash = `#/audit?entityType=freeze_case&entityId=${id}`),
        String(target.id),
      );
      const audit = new AuditLogPage(app.page);
      await expect(audit.actionCells(lang, 'freeze.approved')).toHaveCount(1);
      await expect(audit.actionCells(lang, 'freeze.decided')).toHaveCount(1);
    });

    test('a judicial case offers no unfreeze, payout or closure, and says what the freeze blocks', async ({ app }) => {
      const m = RULES[lang];
      const target = caseWithBalance(app.dbPath, ['judicial'], false);
      expect(target, 'the demo data holds a judicial case with money on it').toBeDefined();
      const frozen = new FrozenAccountsPage(app.page);
      await app.console.signInAndWait('supervisor');
      await frozen.openCase(target!.id);
      await frozen.claim();
      for (const kind of ['phone', 'id_tail', 'face'] as const) await frozen.tick(kind);
      await expect(frozen.decisionButton('escalate')).toBeVisible();
      await expect(frozen.decisionButton('keep_frozen')).toBeVisible();
      await expect(frozen.decisionButton('unfreeze')).toHaveCount(0);
      await expect(frozen.decisionButton('close')).toHaveCount(0);
      await expect(frozen.payoutButton).toHaveCount(0);
      await expect(frozen.freezeRule('debit')).toHaveText(`${m.rules.movements.debit}: ${m.rules.effects.blocked}`);
      await expect(frozen.freezeRule('closurePayout')).toHaveText(
        `${m.rules.movements.closurePayout}: ${m.rules.effects.blocked}`,
      );
      // The API refuses what the panel does not offer, and nothing moves.
      const res = await app.console.callApi('frozen:payout', {
        id: target!.id,
        expectedVersion: Number(await frozen.version()),
        reasonCode: 'customer_requested_closure',
        note: 'attempt through the API',
        idempotencyKey: `e2e-judicial-payout-${lang}`,
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'JUDICIAL_FREEZE' } });
      const account = queryDb<{ balance_minor: number }>(
        app.dbPath,
        'SELECT balance_minor FROM accounts WHERE id = ?',
        target!.account_id,
      );
      expect(account.balance_minor).toBe(target!.balance_minor);
    });

    test('paying out a risk-frozen balance takes a reason, a note and a second supervisor; the maker is not offered Approve', async ({
      app,
    }) => {
      test.slow(); // two operators, two sign-ins and three decisions
      const m = RULES[lang];
      const target = caseWithBalance(app.dbPath, ['frequent_transfers', 'rule_violation', 'inaccurate_info'], true);
      expect(target, 'the demo data holds a risk-frozen case with money and a card').toBeDefined();
      const frozen = new FrozenAccountsPage(app.page);
      await app.console.signInAndWait('agent');
      await frozen.openCase(target!.id);
      await frozen.claim();
      await expect(frozen.freezeRule('closurePayout')).toHaveText(
        `${m.rules.movements.closurePayout}: ${m.rules.effects.four_eyes}`,
      );
      // Before the identity checks the payout says why, and its dialog will not submit.
      await expect(app.page.getByTestId('payout-blocked')).toHaveText(m.errors.IDENTITY_CHECKS_INCOMPLETE);
      await frozen.payoutButton.click();
      await expect(frozen.dialog.getByTestId('decision-blocker')).toBeVisible();
      await expect(frozen.dialog.getByTestId('decision-submit')).toBeDisabled();
      await frozen.cancelDecision();
      for (const kind of ['phone', 'id_tail', 'face'] as const) await frozen.tick(kind);
      await frozen.payoutButton.click();
      await frozen.fillDecision('   ', undefined, 'customer_requested_closure');
      await expect(frozen.dialogError).toHaveText(m.decide.noteRequired);
      await frozen.fillDecision('Customer asked to close; card confirmed on the call');
      await expect(frozen.status).toHaveText(m.statuses.awaiting_second_approval);
      await expect(frozen.pendingDecision).toContainText(m.decisions.payout);
      await expect(frozen.approveButton).toHaveCount(0);
      const before = queryDb<{ balance_minor: number }>(
        app.dbPath,
        'SELECT balance_minor FROM accounts WHERE id = ?',
        target!.account_id,
      );
      expect(before.balance_minor).toBe(target!.balance_minor);

      await frozen.closeCase();
      await frozen.signOut();
      await app.console.signInAndWait('supervisor');
      await frozen.openCase(target!.id);
      await frozen.approveButton.click();
      await expect(frozen.dialog.getByTestId('payout-undo')).toBeVisible();
      await frozen.fillDecision('Second check done');
      // The approved payout is sent after the undo countdown.
      await expect(frozen.status).toHaveText(m.statuses.in_review, { timeout: 15_000 });
      await expect(frozen.balance).toHaveText(/^¥0\.00$/);
      const paid = queryDb<{ balance_minor: number; n: number }>(
        app.dbPath,
        `SELECT balance_minor, (SELECT count(*) FROM transactions WHERE account_id = a.id AND operation = 'withdrawal'
           AND txn_no LIKE 'PO' || ? || '%') AS n FROM accounts a WHERE id = ?`,
        target!.case_no,
        target!.account_id,
      );
      expect(paid).toEqual({ balance_minor: 0, n: 1 });

      // Now the supervisor asks for the closure: as its maker they are not offered Approve.
      await frozen.decisionButton('close').click();
      await frozen.fillDecision('Closing as the customer asked', undefined, 'customer_requested_closure');
      await expect(frozen.status).toHaveText(m.statuses.awaiting_second_approval);
      await expect(frozen.approveButton).toHaveCount(0);
      await expect(frozen.awaitingOtherSupervisor).toHaveText(m.errors.MAKER_CANNOT_APPROVE);
    });

    test('bad input gets a translated error and changes nothing', async ({ app }) => {
      const target = overdueHighRiskCase(app.dbPath);
      const frozen = new FrozenAccountsPage(app.page);
      await app.console.signInAndWait('agent');
      await frozen.openCase(target.id);
      await frozen.claim();
      await expect(frozen.owner).toContainText('Chen Xiao');
      const version = await frozen.version();

      await frozen.decisionButton('keep_frozen').click();
      // No reason is preset: the decision cannot be sent until one is picked.
      await expect(app.page.getByTestId('decision-reason')).not.toContainText(text.identityVerified);
      await expect(app.page.getByTestId('decision-submit')).toBeDisabled();
      await frozen.fillDecision('   ', '2030-01-01T09:00', 'documents_pending');
      await expect(frozen.dialogError).toHaveText(text.noteRequired);
      await app.page.getByTestId('decision-note').fill('Waiting for documents');
      await fillWallClock(app.page.getByTestId('decision-review-at'), '2020-01-01T09:00');
      await app.page.getByTestId('decision-submit').click();
      await expect(frozen.dialogError).toHaveText(text.reviewInPast);
      await frozen.cancelDecision();
      await expect(frozen.dialog).toHaveCount(0);
      expect(await frozen.version()).toBe(version);
      const row = queryDb<{ status: string; n: number }>(
        app.dbPath,
        `SELECT status, (SELECT count(*) FROM audit_events WHERE action = 'freeze.decided' AND entity_id = ?) AS n
           FROM freeze_cases WHERE id = ?`,
        String(target.id),
        target.id,
      );
      expect(row).toEqual({ status: 'in_review', n: 0 });
    });
  });
}

test('a saved view is kept in the database and survives a restart', async ({ app }) => {
  test.skip(app.host !== 'browser', 'restarts a second browser-mode host on the same database');
  const frozen = new FrozenAccountsPage(app.page);
  await app.console.signInAndWait('agent');
  await frozen.open();
  await frozen.chooseFilter('risk', 'high');
  await frozen.setOverdue(true);
  await expect(frozen.total).not.toHaveText(/^\s*$/);
  const total = await frozen.total.textContent();
  await frozen.saveView('Overdue high risk');
  await expect(app.console.toast).toContainText('Overdue high risk');

  // A new host process on the same file and a fresh browser profile: nothing from the first session survives but the database.
  const { url, proc } = await startBrowserHost(app.dbPath);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(url);
    const console2 = new ConsolePage(page);
    await console2.signInAndWait('agent');
    const again = new FrozenAccountsPage(page);
    await again.open();
    await again.chooseView('Overdue high risk');
    await expect(again.filterValue('risk')).toHaveText('High');
    await expect(page.getByTestId('filter-overdue').locator('input')).toBeChecked();
    await expect(again.total).toHaveText(total!);
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
  }
});

test('bulk claim reports each row, and the keyboard works the queue', async ({ app }) => {
  const frozen = new FrozenAccountsPage(app.page);
  await app.console.signInAndWait('agent');
  await frozen.open();
  await frozen.chooseFilter('owner', 'unassigned');
  await expect(frozen.rows().first()).toBeVisible();
  for (const i of [0, 1, 2]) await frozen.rows().nth(i).locator('.ag-selection-checkbox input').check();
  await app.page.getByTestId('bulk-claim').click();
  await app.page.getByTestId('bulk-run').click();
  await expect(app.page.getByTestId('bulk-result-row')).toHaveCount(3);
  await expect(app.page.getByTestId('bulk-summary')).toBeVisible();
  await app.page.getByTestId('bulk-dialog').getByRole('button').first().click();

  // A click opens the case; Escape closes it and leaves the focus on the grid.
  await frozen.cell(frozen.rows().first(), 'account').click();
  await expect(frozen.detail).toBeVisible();
  await app.page.keyboard.press('Escape');
  await expect(frozen.detail).toHaveCount(0);
  await app.page.keyboard.press('ArrowDown');
  await app.page.keyboard.press('?');
  await expect(app.page.getByTestId('shortcuts')).toBeVisible();
  await app.page.keyboard.press('Escape');
  await app.page.keyboard.press('Enter');
  await expect(frozen.detail).toBeVisible();
});
