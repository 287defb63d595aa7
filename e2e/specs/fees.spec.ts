import { expect, test } from '../fixtures';
import { FeesPage } from '../pages/FeesPage';
import { isoToLocalInput } from '../../shared/domain/time';

const WITHDRAWAL = 'withdrawal|bank|standard';

const TEXT = {
  'en-US': {
    active: 'Active',
    scheduled: 'Scheduled',
    submitted: 'Submitted',
    changed: 'Changed',
    field: 'Percentage',
  },
  'zh-CN': { active: '生效中', scheduled: '待生效', submitted: '待审批', changed: '修改', field: '费率' },
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test.describe(`fee schedules in ${lang}`, () => {
    test.use({ lang });
    const text = TEXT[lang];

    test('a supervisor lowers withdrawal fees, previews, simulates and submits; an admin approves; it becomes active', async ({
      app,
    }) => {
      test.setTimeout(120_000);
      const fees = new FeesPage(app.page);
      await app.console.signInAndWait('supervisor');
      await app.console.open('fees');
      await fees.newDraftFrom(1);
      await expect(fees.versionStatus(2)).toHaveAttribute('data-status', 'draft');
      await fees.editCell(WITHDRAWAL, 'ratePpm', '0.05');
      await fees.editCell(WITHDRAWAL, 'minFeeMinor', '0.50');
      await fees.saveAndWait();
      await expect.poll(() => fees.cellText(WITHDRAWAL, 'ratePpm')).toBe('0.05%');

      // ¥1,000 after this month's 3 free withdrawals: ¥1.00 now, ¥0.50 under the draft.
      await fees.preview({ amount: '1000', usedCount: '3' });
      await expect(fees.previewFee('current')).toHaveText('¥1.00');
      await expect(fees.previewFee('draft')).toHaveText('¥0.50');

      await fees.runSimulation();
      await expect(fees.revenueDelta).toHaveText(/^-¥\d/);

      await fees.tab('rules').click();
      await fees.submit();
      await expect(fees.versionStatus(2)).toHaveText(text.submitted);

      await app.page.getByTestId('sign-out').click();
      await app.console.signInAndWait('admin');
      await app.console.open('fees');
      await fees.version(2).click();
      const info = (await app.console.callApi('app:info', {})).data as { timeZone: string };
      const when = isoToLocalInput(new Date(Date.now() + 15_000).toISOString(), info.timeZone, true);
      await fees.approve(when);
      await expect(fees.versionStatus(2)).toHaveText(text.scheduled);
      // At its instant the running app activates it (timer in main), and the page follows the event.
      await expect(fees.versionStatus(2)).toHaveText(text.active, { timeout: 40_000 });
      await expect(fees.versionStatus(1)).toHaveAttribute('data-status', 'superseded');
    });

    test('a bad percentage is shown on its cell and nothing is saved', async ({ app }) => {
      const fees = new FeesPage(app.page);
      await app.console.signInAndWait('supervisor');
      await app.console.open('fees');
      await fees.newDraftFrom(1);
      await expect(fees.versionStatus(2)).toBeVisible();
      await fees.editCell(WITHDRAWAL, 'ratePpm', '150');
      await expect(await fees.cell(WITHDRAWAL, 'ratePpm')).toHaveClass(/fee-cell-error/);
      await fees.save();
      await expect(app.console.toast).toContainText(text.field);
      const saved = (await app.console.callApi('fees:version', { id: 2 })).data as {
        version: number;
        rules: { operation: string; channel: string; segment: string; definition: { ratePpm: number } }[];
      };
      const rule = saved.rules.find((r) => `${r.operation}|${r.channel}|${r.segment}` === WITHDRAWAL)!;
      expect(rule.definition.ratePpm).toBe(1000);
      expect(saved.version).toBe(0);
    });

    test('the diff shows the change rule by rule', async ({ app }) => {
      const fees = new FeesPage(app.page);
      await app.console.signInAndWait('supervisor');
      await app.console.open('fees');
      await fees.newDraftFrom(1);
      await expect(fees.versionStatus(2)).toBeVisible();
      await fees.editCell(WITHDRAWAL, 'ratePpm', '0.05');
      await fees.saveAndWait();
      await expect.poll(() => fees.cellText(WITHDRAWAL, 'ratePpm')).toBe('0.05%');
      await fees.tab('diff').click();
      await expect(fees.diffRow(WITHDRAWAL)).toContainText(text.changed);
      await expect(fees.diffRow(WITHDRAWAL)).toContainText(`${text.field}: 0.1% → 0.05%`);
    });
  });
}

test('an agent may preview but not draft; main refuses the channel too', async ({ app }) => {
  await app.console.signInAndWait('agent');
  await app.console.open('fees');
  await expect(app.page.getByTestId('fee-version-1')).toBeVisible();
  await expect(app.page.getByTestId('new-draft-1')).toHaveCount(0);
  const res = await app.console.callApi('fees:createDraft', { fromVersionId: 1 });
  expect(res.error?.code).toBe('FORBIDDEN');
});
