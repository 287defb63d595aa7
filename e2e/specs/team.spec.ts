import { chromium, type Browser, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../electron/db/open';
import { copySqliteToPostgres } from '../../electron/db/postgres/copy';
import { openPostgres } from '../../electron/db/postgres/engine';
import { catalogMessages } from '../../renderer/src/i18n/catalog';
import { connectionMessages } from '../../renderer/src/features/connection/messages';
import { expect, test } from '../fixtures';
import { CHROMIUM_ARGS, chromiumPath, startBrowserHost } from '../hosts';
import { CallVolumesPage } from '../pages/CallVolumesPage';
import { ConsolePage } from '../pages/ConsolePage';
import { FeesPage } from '../pages/FeesPage';
import { RefundsPage } from '../pages/RefundsPage';
import { tcpProxy } from '../tcp-proxy';
import { e2eDatabaseKey } from '../database';
import type { SimulationStatus } from '../../shared/contract/fees';

/**
 * Team mode as two desks see it: two browser-mode hosts on one PostgreSQL database (a copy of the
 * e2e demo data). Desk A reaches the database through a relay the spec can cut, to show what a
 * desk sees when the database goes away and comes back. Runs where WALLET_OPS_TEST_PG names a
 * server (CI starts one); skipped, with the reason, elsewhere and in the electron project.
 */
const TEST_PG = process.env.WALLET_OPS_TEST_PG ?? '';
const TEMPLATE = path.resolve('.cache/e2e/template.db');

interface Desk {
  page: Page;
  console: ConsolePage;
  refunds: RefundsPage;
}

test.describe('team mode: two desks on one PostgreSQL database', () => {
  test.skip(!TEST_PG, 'set WALLET_OPS_TEST_PG=postgres://… to run the team-mode specs on PostgreSQL');
  test.skip(
    ({ host }) => host !== 'browser',
    'two browser-mode hosts stand for two desks; one Electron app is one desk',
  );
  test.describe.configure({ mode: 'serial', timeout: 180_000 });

  const database = `wallet_ops_e2e_${process.pid}_${Date.now().toString(36)}`;
  const url = (port?: number) => {
    const u = new URL(TEST_PG);
    u.pathname = `/${database}`;
    if (port) u.port = String(port);
    return u.toString();
  };
  let proxy: Awaited<ReturnType<typeof tcpProxy>>;
  const hosts: { proc: ChildProcess; output: () => string }[] = [];
  let browser: Browser;
  let a: Desk;
  let b: Desk;

  async function desk(hostUrl: string, lang: 'en-US' | 'zh-CN'): Promise<Desk> {
    const context = await browser.newContext({ locale: lang, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(hostUrl);
    await page.evaluate((l) => localStorage.setItem('wallet-ops-language', l), lang);
    await page.reload();
    return { page, console: new ConsolePage(page), refunds: new RefundsPage(page) };
  }

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    const admin = new pg.Client({ connectionString: TEST_PG });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    // The demo desk's data moved into the team database the way a team moves in (npm run db:copy).
    const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-team-')), 'desk.db');
    fs.copyFileSync(TEMPLATE, scratch);
    const sqlite = openDatabase(scratch, { databaseKey: e2eDatabaseKey() });
    const engine = await openPostgres(url(), { poolSize: 1 });
    try {
      const report = await copySqliteToPostgres(sqlite, engine);
      expect(report.chain.intact).toBe(true);
    } finally {
      sqlite.close();
      await engine.close();
      fs.rmSync(path.dirname(scratch), { recursive: true, force: true });
    }
    proxy = await tcpProxy(Number(new URL(TEST_PG).port));
    const hostA = await startBrowserHost(url(proxy.port));
    const hostB = await startBrowserHost(url());
    hosts.push(hostA, hostB);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    a = await desk(hostA.url, 'en-US');
    b = await desk(hostB.url, 'zh-CN');
  });

  // What the hosts printed, beside a failure: a host that stopped says why there.
  test.afterEach(async ({ host: _host }, info) => {
    if (info.status === info.expectedStatus) return;
    for (const [i, h] of hosts.entries()) await info.attach(`host ${'AB'[i]} output`, { body: h.output() });
  });

  test.afterAll(async () => {
    await browser?.close();
    hosts.forEach((h) => h.proc.kill('SIGTERM'));
    await proxy?.close();
    const admin = new pg.Client({ connectionString: TEST_PG });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  test("an agent's refund above their limit is approved at another desk, and the agent's queue shows it without a reload", async () => {
    await a.console.signInAndWait('agent');
    const r = await a.refunds.request(await a.refunds.findPayment(300_000), 300_000);
    await a.refunds.open();
    await expect(a.refunds.cell(r.id, 'status')).toHaveText(catalogMessages.en.refundStatus.pending);

    await b.console.signInAndWait('supervisor');
    await b.refunds.open();
    await b.refunds.row(r.id).click();
    await b.refunds.detailButton('approve').click();
    await b.refunds.confirm();
    await expect(b.refunds.detailStatus).toHaveText(catalogMessages.zh.refundStatus.approved);

    // Desk A never reloads: the approval reaches it through the database's LISTEN/NOTIFY.
    await expect(a.refunds.cell(r.id, 'status')).toHaveText(catalogMessages.en.refundStatus.approved, {
      timeout: 5_000,
    });
  });

  test('the same refund approved at both desks at once is approved once', async () => {
    const r = await a.refunds.request(await a.refunds.findPayment(20_000), 20_000);
    // Another supervisor at desk A: the requester could not approve their own request.
    await a.console.callApi('session:signOut', {});
    await a.page.reload();
    await a.console.signIn({ username: 'supervisor2', password: 'super123' });
    await expect(a.console.nav).toBeVisible({ timeout: 30_000 });
    const version = ((await a.console.callApi('refunds:get', { id: r.id })).data as { request: { version: number } })
      .request.version;
    const approve = (d: Desk, n: number) =>
      d.console.callApi('refunds:approve', {
        id: r.id,
        expectedVersion: version,
        idempotencyKey: `team-race-${r.id}-${n}`,
      });
    const results = await Promise.all([approve(a, 1), approve(b, 2)]);
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(results.find((x) => !x.ok)?.error?.code).toMatch(/^(STALE_VERSION|REFUND_CHANGED|REFUND_INVALID_STATE)$/);
    const db = new pg.Client({ connectionString: url() });
    await db.connect();
    const events = await db.query(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE entity_type = 'refund_request' AND entity_id = $1 AND action = 'refund.approved'`,
      [String(r.id)],
    );
    await db.end();
    expect(events.rows[0].n).toBe(1);
  });

  test("a contact logged at one desk shows in the other desk's call-volume dashboard without a reload", async () => {
    // Desk B still shows the refund it approved: close its drawer, then open today's call volumes.
    await b.page.keyboard.press('Escape');
    const calls = new CallVolumesPage(b.page);
    await calls.openView('range=today');
    const volume = async () => Number(((await calls.kpi('volume').textContent()) ?? '').replace(/\D/g, ''));
    const before = await volume();
    const logged = await a.console.callApi('contacts:log', {
      channel: 'phone',
      category: 'fees',
      outcome: 'resolved',
      queueSeconds: 8,
      talkSeconds: 120,
      idempotencyKey: `team-contact-${Date.now()}`,
    });
    expect(logged.ok, JSON.stringify(logged.error)).toBe(true);
    // The contact's rollups were written with it; the event reaches desk B by LISTEN/NOTIFY.
    await expect.poll(volume, { timeout: 10_000 }).toBe(before + 1);
  });

  test('a supervisor at one desk runs a fee impact simulation on the shared database and sees its figures', async () => {
    // Desk A's supervisor drafts the active schedule unchanged and reprices the team's last 30 days.
    await a.console.open('fees');
    const fees = new FeesPage(a.page);
    await fees.newDraftFrom(1);
    await fees.runSimulation();
    await expect(a.page.getByTestId('impact-before')).toHaveText(/^¥[1-9][\d,]*\.\d\d$/);
    await expect(fees.revenueDelta).toHaveText('¥0.00');
    // In the built app it ran in worker threads, each on its own connection to the server.
    const versions = (await a.console.callApi('fees:versions', { scheduleId: 1 })).data as {
      id: number;
      status: string;
    }[];
    const draft = versions.find((v) => v.status === 'draft')!;
    let s = (await a.console.callApi('fees:simulate', { draftId: draft.id, days: 90 })).data as SimulationStatus;
    await expect
      .poll(
        async () =>
          (s = (await a.console.callApi('fees:simulationStatus', { jobId: s.jobId })).data as SimulationStatus).state,
        {
          timeout: 30_000,
        },
      )
      .toBe('done');
    expect(s.result).toMatchObject({ ranIn: 'worker', deltaMinor: 0 });
    test.info().annotations.push({
      type: 'fee simulation, 90 days',
      description: `${s.result!.transactions} transactions in ${s.result!.millis} ms on ${s.result!.workers} workers`,
    });
  });

  test('a desk that loses the database says so, keeps its screen, and recovers by itself', async () => {
    await a.refunds.open();
    const rows = a.refunds.grid.locator('.ag-center-cols-container .ag-row');
    await expect(rows.first()).toBeVisible();
    proxy.cut();
    // Any call now fails: the banner says what happened and when it tries again.
    await a.page.getByTestId('nav-overview').click();
    const banner = a.page.getByTestId('database-unavailable');
    await expect(banner).toContainText(connectionMessages.en.down);
    await expect(banner).toContainText(/Trying again in \d+ s/);
    proxy.restore();
    await expect(banner).toBeHidden({ timeout: 20_000 });
    await expect(a.console.toast.filter({ hasText: connectionMessages.en.back })).toBeVisible();
    await a.refunds.open();
    await expect(rows.first()).toBeVisible();

    // Its LISTEN connection was cut too: desk B's changes still reach it afterwards.
    const r = await a.refunds.request(await a.refunds.findPayment(20_000), 20_000);
    await expect(a.refunds.cell(r.id, 'status')).toHaveText(catalogMessages.en.refundStatus.pending);
    const fresh = (await b.console.callApi('refunds:get', { id: r.id })).data as { request: { version: number } };
    const rejected = await b.console.callApi('refunds:reject', {
      id: r.id,
      expectedVersion: fresh.request.version,
      reason: 'duplicate_request',
      note: 'Rejected at desk B while desk A watches',
      idempotencyKey: `team-reject-${r.id}`,
    });
    expect(rejected.ok, JSON.stringify(rejected.error)).toBe(true);
    await expect(a.refunds.cell(r.id, 'status')).toHaveText(catalogMessages.en.refundStatus.rejected, {
      timeout: 10_000,
    });
  });
});
