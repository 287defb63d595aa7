import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { catalogMessages } from '../../renderer/src/i18n/catalog';
import { RefundsPage } from '../pages/RefundsPage';

/**
 * Walks every page, tab, panel and dialog in zh-CN and fails on any text a person would see that
 * is not Chinese: a raw code (snake_case, dot.code, a missing-key path), a vocabulary code as a word
 * ("pending"), or an English catalog label left in place ("Awaiting second approval").
 */
test.use({ lang: 'zh-CN' });

function leaves(o: object): [string, string][] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? leaves(v) : [[k, v as string]]));
}
const CODES = new Set(
  leaves(catalogMessages.en)
    .map(([k]) => k)
    .filter((k) => /^[a-z][a-z_]+$/.test(k)),
);
const EN_LABELS = new Set(
  leaves(catalogMessages.en)
    .map(([, v]) => v)
    .filter((v) => v.length > 3),
);
const WORDS = new Set(['yes', 'no', 'true', 'false', 'null', 'undefined', 'NaN']);
const SNAKE = /\b[a-z]+(?:_[a-z0-9]+)+\b/;
const DOTTED = /\b[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*(?:\.[a-zA-Z]+)*\b/;

/** Every visible text node on the page, trimmed, with where it is. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      // translate="no" marks literal data (usernames, credentials), the same in every language.
      if (!text || !el || el.closest('script, style, [aria-hidden="true"], [translate="no"]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll<HTMLInputElement>('input[placeholder], input[value]')) {
      if (el.type !== 'hidden' && el.placeholder) out.push(el.placeholder);
    }
    return out;
  });
}

function untranslated(texts: string[]): string[] {
  return texts.filter((text) => {
    if (/\b\d+ ?(min|h|d|s)\b/.test(text)) return true; // an English unit after a number: "5 min"
    if (/^([A-Z]{1,3}-?\d+|[\d\s.,:%¥$+\-/()#]+)$/.test(text)) return false; // FC0000001, R-101, ¥1,200.00
    if (EN_LABELS.has(text)) return true;
    if (SNAKE.test(text) || DOTTED.test(text.replace(/\b\w+@\w+\.\w+\b/g, ''))) return true;
    // A code as a word ("pending"), shouted ("OPERATOR"), or a bare English value ("yes").
    return text
      .split(/[^A-Za-z_]+/)
      .some((w) => CODES.has(w) || (/^[A-Z_]{3,}$/.test(w) && CODES.has(w.toLowerCase())) || WORDS.has(w));
  });
}

async function expectChinese(page: Page, where: string) {
  await page.waitForTimeout(600); // let grids render their first rows
  const bad = untranslated(await visibleTexts(page));
  expect(bad, `untranslated on ${where}`).toEqual([]);
}

async function go(page: Page, hash: string) {
  await page.evaluate((h) => (location.hash = h), hash);
}

test('every page, tab, panel and dialog shows Chinese only', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app.page;
  const refunds = new RefundsPage(page);
  await app.console.ready();
  await expectChinese(page, 'sign-in');
  await app.console.signInAndWait('admin');
  // Some history to show: a refund request, a claimed case with a note, a contact.
  const r = await refunds.request(await refunds.findPayment(20_000), 20_000);
  const list = await app.console.callApi('frozen:list', {
    sort: 'slaDue',
    dir: 'asc',
    limit: 5,
    after: null,
    filter: { status: 'active', reason: 'abnormal_login' },
  });
  const c = (list.data as { rows: { id: number; version: number; caseNo: string; customerId?: number }[] }).rows[0];
  await app.console.callApi('frozen:claim', { id: c.id, expectedVersion: c.version });
  await app.console.callApi('notes:add', { entityType: 'freeze_case', entityId: c.id, body: '已电话联系客户' });
  const detail = (await app.console.callApi('frozen:get', { id: c.id })).data as { accountId: number };
  await app.console.callApi('contacts:log', {
    channel: 'phone',
    category: 'frozen_account',
    outcome: 'callback',
    accountId: detail.accountId,
    caseId: c.id,
    idempotencyKey: `e2e-zh-${c.id}`,
  });
  const profile = (await app.console.callApi('search:query', { text: c.caseNo })).data as { customerId: number }[];

  const stops: [string, string][] = [
    ['/', 'overview'],
    ['/frozen', 'frozen queue'],
    [`/frozen?id=${c.id}`, 'case panel'],
    ['/refunds', 'refunds queue'],
    [`/refunds?id=${r.id}`, 'refund panel'],
    ['/fees', 'fee rules'],
    ['/fees?tab=preview', 'fee preview'],
    ['/fees?tab=impact', 'fee impact'],
    ['/fees?tab=diff', 'fee diff'],
    ['/calls', 'call dashboard'],
    ['/calls?tab=staffing', 'staffing'],
    ['/customers', 'customer list'],
    ...['timeline', 'transactions', 'refunds', 'cases', 'contacts', 'audit'].map((tab): [string, string] => [
      `/customers?id=${profile[0].customerId}&tab=${tab}`,
      `customer ${tab}`,
    ]),
    ['/audit', 'audit log'],
    ['/settings?tab=general', 'settings'],
    ['/settings?tab=operators', 'operators'],
    ['/settings?tab=limits', 'limits'],
    ['/settings?tab=backups', 'backups'],
  ];
  for (const [hash, where] of stops) {
    await go(page, `#${hash}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    await expectChinese(page, where);
  }

  // Panels and dialogs: the audit detail, a drill-down, the search results, the shortcut help.
  await go(page, '#/audit');
  await page.getByTestId('audit-grid').locator('.ag-center-cols-container .ag-row').first().click();
  await expect(page.getByTestId('audit-detail')).toBeVisible();
  await expectChinese(page, 'audit detail');
  await page.keyboard.press('Escape');

  await go(page, '#/calls');
  await page.getByTestId('heat-2-10').click();
  await expect(page.getByTestId('drill-down')).toBeVisible();
  await expectChinese(page, 'drill-down');
  await page.keyboard.press('Escape');

  await page.getByTestId('global-search').fill(c.caseNo);
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  await expectChinese(page, 'search results');
  await page.keyboard.press('Escape');

  await go(page, '#/frozen');
  await page.locator('main h1').first().click();
  await page.keyboard.press('Shift+?');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectChinese(page, 'shortcut help');
});

test('the checker itself catches raw codes and English labels', () => {
  expect(untranslated(['abnormal_login · 已升级'])).toHaveLength(1);
  expect(untranslated(['session.signIn'])).toHaveLength(1);
  expect(untranslated(['待审批', 'pending'])).toEqual(['pending']);
  expect(untranslated(['Awaiting second approval'])).toHaveLength(1);
  expect(untranslated(['打开 catalog.entityType.operator'])).toHaveLength(1);
  expect(untranslated(['新设备: yes', '打开OPERATOR', '3 min'])).toHaveLength(3);
  expect(untranslated(['browser', 'operator #5'])).toHaveLength(2);
  expect(untranslated(['陈晓 Chen Xiao', 'FC0000001', '¥200.00', '已电话联系客户'])).toEqual([]);
});
