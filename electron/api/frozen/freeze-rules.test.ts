import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FREEZE_REASONS } from '../../../shared/domain/catalog';
import { FREEZE_RULES, MONEY_MOVEMENTS } from '../../../shared/domain/freeze';
import type { FreezeCaseDetail } from '../../../shared/contract/frozen';
import { checksBy, makeFreezeCase } from '../../test/freeze-builders';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';

/**
 * Issue 11 §1: money never leaves a frozen account outside the rules (FREEZE_RULES), on
 * every path: the single actions and bulk through dispatch (the API both hosts serve), and
 * the database's own triggers for any writer that bypasses the handlers.
 */
let t: TestConsole;
let agent: number;
let sup: number;
let key = 0;
const nextKey = () => `rules-key-${++key}`;
const NOW = new Date('2026-03-02T09:00:00Z');

beforeAll(async () => {
  t = makeTestConsole({ now: () => NOW });
  agent = await t.signInAs('agent', 'agent');
  await t.signInAs('agent2', 'agent');
  sup = await t.signInAs('sup', 'supervisor');
  await t.signInAs('sup2', 'supervisor');
});
afterAll(() => t.close());

async function get(client: string, id: number): Promise<FreezeCaseDetail> {
  const res = await t.call(client, 'frozen:get', { id });
  if (!res.ok) throw new Error(res.error.code);
  return res.data as FreezeCaseDetail;
}

const decision = (c: FreezeCaseDetail, extra: Record<string, unknown> = {}) => ({
  id: c.id,
  expectedVersion: c.version,
  reasonCode: 'customer_requested_closure',
  note: 'Customer asked to close the account',
  idempotencyKey: nextKey(),
  ...extra,
});
async function approve(client: string, id: number) {
  const c = await get(client, id);
  return t.call(client, 'frozen:approve', {
    id,
    expectedVersion: c.version,
    note: 'Checked on a call-back',
    idempotencyKey: nextKey(),
  });
}

const balance = (accountId: number) =>
  (t.sqlite.prepare('SELECT balance_minor AS b FROM accounts WHERE id = ?').get(accountId) as { b: number }).b;
const withdrawals = (accountId: number) =>
  (
    t.sqlite
      .prepare("SELECT count(*) AS n FROM transactions WHERE account_id = ? AND operation = 'withdrawal'")
      .get(accountId) as { n: number }
  ).n;
const insertDebit = (accountId: number, operation: string, amount: number) =>
  t.sqlite
    .prepare(
      `INSERT INTO transactions (txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
         payment_method, created_at) VALUES (?, ?, ?, 'bank', ?, 0, 'CNY', 'settled', 'balance', ?)`,
    )
    .run(`TX${++key}`, accountId, operation, amount, NOW.toISOString());

describe('a judicial freeze blocks every debit', () => {
  it('an agent cannot pay out the balance (the measured FC0000004 path), nor close the account', async () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, {
      reason: 'judicial',
      risk: 'high',
      balanceMinor: 294_990,
      card: true,
      checks: checksBy(agent),
    });
    const c = await get('agent', caseId);
    const audits = count(t.sqlite, 'audit_events');
    expect(await t.call('agent', 'frozen:payout', decision(c))).toMatchObject({
      ok: false,
      error: { code: 'JUDICIAL_FREEZE' },
    });
    expect(await t.call('agent', 'frozen:decide', decision(c, { decision: 'payout' }))).toMatchObject({
      ok: false,
      error: { code: 'JUDICIAL_FREEZE' },
    });
    expect(await t.call('sup', 'frozen:decide', decision(c, { decision: 'close' }))).toMatchObject({
      ok: false,
      error: { code: 'JUDICIAL_FREEZE' },
    });
    expect(balance(accountId)).toBe(294_990);
    expect(withdrawals(accountId)).toBe(0);
    expect(count(t.sqlite, 'audit_events')).toBe(audits);
  });

  it('the database refuses a withdrawal, a transfer, a balance change, a payout or closure decision, and a closure', () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, { reason: 'judicial', balanceMinor: 10_000 });
    expect(() => insertDebit(accountId, 'withdrawal', 10_000)).toThrow(/judicial freeze/);
    expect(() => insertDebit(accountId, 'transfer', 500)).toThrow(/judicial freeze/);
    expect(() => t.sqlite.prepare('UPDATE accounts SET balance_minor = 0 WHERE id = ?').run(accountId)).toThrow(
      /judicial freeze/,
    );
    const setCase = (set: string) => () =>
      t.sqlite.prepare(`UPDATE freeze_cases SET ${set}, maker_id = ? WHERE id = ?`).run(agent, caseId);
    expect(setCase("decision = 'payout', status = 'awaiting_second_approval', decision_reason = 'other'")).toThrow(
      /judicial freeze/,
    );
    expect(setCase("decision = 'close', status = 'awaiting_second_approval'")).toThrow(/judicial freeze/);
    expect(() => t.sqlite.prepare("UPDATE accounts SET status = 'active' WHERE id = ?").run(accountId)).toThrow(
      /judicial freeze/,
    );
    // A top-up (money in) still lands.
    t.sqlite
      .prepare(
        `INSERT INTO transactions (txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status,
           payment_method, created_at) VALUES (?, ?, 'top_up', 'bank', 100, 0, 'CNY', 'settled', 'bank', ?)`,
      )
      .run(`TU${++key}`, accountId, NOW.toISOString());
  });

  it('a low-risk case lifted in bulk leaves an account that a judicial case also holds frozen', async () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, { risk: 'low', checks: checksBy(agent) });
    t.sqlite
      .prepare(
        `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at)
         VALUES ('FJ-BULK', ?, 'judicial', 'high', 'open', 'court order', '{}', ?, ?)`,
      )
      .run(accountId, NOW.toISOString(), NOW.toISOString());
    const res = await t.call('agent', 'frozen:bulk', {
      action: 'unfreeze',
      ids: [caseId],
      reasonCode: 'identity_verified',
      note: 'Bulk review',
      idempotencyKey: nextKey(),
    });
    expect(res).toMatchObject({ ok: true, data: { results: [{ ok: true }] } });
    expect((await get('agent', caseId)).status).toBe('unfrozen');
    expect(
      (t.sqlite.prepare('SELECT status FROM accounts WHERE id = ?').get(accountId) as { status: string }).status,
    ).toBe('frozen');
  });
});

describe('paying out a risk-frozen balance is a four-eyes decision', () => {
  it('needs a reason and a note, the identity checks, and a second supervisor; then the money moves once', async () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, { balanceMinor: 294_990, card: true });
    const c = await get('agent', caseId);
    expect(
      await t.call('agent', 'frozen:payout', { id: c.id, expectedVersion: c.version, idempotencyKey: nextKey() }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { reasonCode: 'invalid_value', note: 'invalid_type' } },
    });
    expect(await t.call('agent', 'frozen:payout', decision(c))).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_CHECKS_INCOMPLETE' },
    });
    for (const kind of ['phone', 'id_tail', 'face'] as const) {
      const now = await get('agent', caseId);
      await t.call('agent', 'frozen:check', { id: caseId, expectedVersion: now.version, kind, passed: true });
    }
    const asked = await t.call('agent', 'frozen:payout', decision(await get('agent', caseId)));
    expect(asked).toMatchObject({
      ok: true,
      data: { status: 'awaiting_second_approval', decision: 'payout', makerId: agent },
    });
    expect(balance(accountId)).toBe(294_990);
    expect(withdrawals(accountId)).toBe(0);

    expect(await approve('agent', caseId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const approved = await approve('sup', caseId);
    expect(approved).toMatchObject({
      ok: true,
      data: { status: 'in_review', checkerId: sup, account: { balanceMinor: 0 } },
    });
    expect(withdrawals(accountId)).toBe(1);
    const audit = t.sqlite
      .prepare("SELECT after_json FROM audit_events WHERE action = 'freeze.approved' AND entity_id = ?")
      .get(String(caseId)) as { after_json: string };
    expect(JSON.parse(audit.after_json)).toMatchObject({ decision: 'payout', paidMinor: 294_990, checkerId: sup });
  });

  it('the maker cannot approve their own payout', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { balanceMinor: 1_000, card: true, checks: checksBy(sup) });
    await t.call('sup', 'frozen:payout', decision(await get('sup', caseId)));
    expect((await get('sup', caseId)).actions.approve).toBe('MAKER_CANNOT_APPROVE');
    expect(await approve('sup', caseId)).toMatchObject({ ok: false, error: { code: 'MAKER_CANNOT_APPROVE' } });
    expect(await approve('sup2', caseId)).toMatchObject({ ok: true, data: { account: { balanceMinor: 0 } } });
  });

  it('the database lets no money out without the approved decision, nor with a checker equal to the maker', () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, {
      balanceMinor: 5_000,
      card: true,
      checks: checksBy(agent),
    });
    expect(() => insertDebit(accountId, 'withdrawal', 5_000)).toThrow(/approved payout/);
    expect(() => insertDebit(accountId, 'payment', 100)).toThrow(/approved payout/);
    expect(() => t.sqlite.prepare('UPDATE accounts SET balance_minor = 0 WHERE id = ?').run(accountId)).toThrow(
      /approved payout/,
    );
    // A payout decision without a reason code is refused; with one, it still waits for its checker.
    const ask = (reason: string | null) =>
      t.sqlite
        .prepare(
          "UPDATE freeze_cases SET decision = 'payout', status = 'awaiting_second_approval', decision_reason = ?, maker_id = ? WHERE id = ?",
        )
        .run(reason, agent, caseId);
    expect(() => ask(null)).toThrow(/reason code/);
    ask('other');
    expect(() => insertDebit(accountId, 'withdrawal', 5_000)).toThrow(/approved payout/);
    expect(() => t.sqlite.prepare('UPDATE freeze_cases SET checker_id = ? WHERE id = ?').run(agent, caseId)).toThrow(
      /four-eyes|CHECK/,
    );
    t.sqlite.prepare('UPDATE freeze_cases SET checker_id = ? WHERE id = ?').run(sup, caseId);
    expect(() => insertDebit(accountId, 'withdrawal', 4_000)).toThrow(/approved payout/); // not the whole balance
    insertDebit(accountId, 'withdrawal', 5_000);
  });

  it('a suspected takeover allows no staff payout', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, {
      reason: 'abnormal_login',
      balanceMinor: 1_000,
      card: true,
      checks: checksBy(agent),
    });
    const c = await get('agent', caseId);
    expect(c.actions.payout).toBe('FREEZE_BLOCKS_PAYOUT');
    expect(await t.call('agent', 'frozen:payout', decision(c))).toMatchObject({
      ok: false,
      error: { code: 'FREEZE_BLOCKS_PAYOUT' },
    });
  });
});

describe('the case drawer is offered only what the rules allow', () => {
  it('a judicial case offers no unfreeze, payout or closure; the work that stays is offered', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, {
      reason: 'judicial',
      balanceMinor: 100,
      card: true,
      checks: checksBy(agent),
    });
    const { actions } = await get('agent', caseId);
    expect(actions).toMatchObject({
      unfreeze: 'JUDICIAL_FREEZE',
      payout: 'JUDICIAL_FREEZE',
      close: 'JUDICIAL_FREEZE',
      claim: null,
      escalate: null,
      keep_frozen: null,
      approve: 'CASE_NOT_DECIDABLE',
    });
  });

  it('a pending decision offers Approve to another supervisor only', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { risk: 'high', checks: checksBy(sup) });
    await t.call(
      'sup',
      'frozen:decide',
      decision(await get('sup', caseId), { decision: 'unfreeze', reasonCode: 'identity_verified' }),
    );
    expect((await get('sup', caseId)).actions).toMatchObject({
      approve: 'MAKER_CANNOT_APPROVE',
      reject: 'MAKER_CANNOT_APPROVE',
    });
    expect((await get('agent', caseId)).actions).toMatchObject({ approve: 'FORBIDDEN', reject: 'FORBIDDEN' });
    expect((await get('sup2', caseId)).actions).toMatchObject({ approve: null, reject: null });
  });

  it("another agent's case offers that agent's work to nobody but its owner and supervisors", async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { ownerId: agent, checks: checksBy(agent) });
    expect((await get('agent2', caseId)).actions).toMatchObject({
      claim: 'CASE_OWNED_BY_OTHER',
      unfreeze: 'CASE_OWNED_BY_OTHER',
    });
    expect((await get('agent', caseId)).actions).toMatchObject({ unfreeze: null });
    expect((await get('sup', caseId)).actions).toMatchObject({ claim: null });
  });
});

describe('the README', () => {
  it('prints the same table of what each freeze type blocks', async () => {
    const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
    const word = { allowed: 'allowed', acknowledge: 'acknowledge', four_eyes: 'four-eyes', blocked: 'blocked' };
    for (const reason of FREEZE_REASONS) {
      const line = readme.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${reason}\``));
      expect(line, reason).toBeDefined();
      const cells = line!
        .split('|')
        .slice(2, -1)
        .map((c) => c.trim());
      const rule = FREEZE_RULES[reason];
      expect(cells, reason).toEqual([...MONEY_MOVEMENTS.map((m) => word[rule.effects[m]]), rule.liftedBy]);
    }
  });
});
