import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreezeCaseDetail } from '../../../shared/contract/frozen';
import { checksBy, makeFreezeCase } from '../../test/freeze-builders';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { activateDueWork } from '../../host/due-work';

let t: TestConsole;
let agent: number;
let agent2: number;
let sup: number;
let sup2: number;
let key = 0;
const nextKey = () => `test-key-${++key}-${Date.now()}`;

beforeAll(async () => {
  t = makeTestConsole();
  agent = await t.signInAs('agent', 'agent');
  agent2 = await t.signInAs('agent2', 'agent');
  sup = await t.signInAs('sup', 'supervisor');
  sup2 = await t.signInAs('sup2', 'supervisor');
});
afterAll(() => t.close());

const get = (client: string, id: number) => t.ok(client, 'frozen:get', { id });

function decide(client: string, c: FreezeCaseDetail, decision: string, extra: Record<string, unknown> = {}) {
  return t.call(client, 'frozen:decide', {
    id: c.id,
    expectedVersion: c.version,
    decision,
    reasonCode: 'identity_verified',
    note: 'Customer verified on the phone',
    idempotencyKey: nextKey(),
    ...extra,
  });
}

const accountStatus = (accountId: number) =>
  (t.sqlite.prepare('SELECT status FROM accounts WHERE id = ?').get(accountId) as { status: string }).status;
const auditCount = (caseId: number) =>
  (
    t.sqlite
      .prepare("SELECT count(*) AS n FROM audit_events WHERE entity_type = 'freeze_case' AND entity_id = ?")
      .get(String(caseId)) as { n: number }
  ).n;

describe('unfreeze', () => {
  it('is refused for a judicial freeze, whatever the checks, in the handler and in SQL', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { reason: 'judicial', risk: 'medium', checks: checksBy(agent) });
    const res = await decide('agent', await get('agent', caseId), 'unfreeze');
    expect(res).toMatchObject({ ok: false, error: { code: 'JUDICIAL_FREEZE' } });
    expect(() => t.sqlite.prepare("UPDATE freeze_cases SET status = 'unfrozen' WHERE id = ?").run(caseId)).toThrow(
      /judicial/,
    );
    expect(auditCount(caseId)).toBe(0);
  });

  it('needs phone, ID tail and one more check', async () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, { checks: checksBy(agent, ['phone', 'id_tail']) });
    const refused = await decide('agent', await get('agent', caseId), 'unfreeze');
    expect(refused).toMatchObject({ ok: false, error: { code: 'IDENTITY_CHECKS_INCOMPLETE' } });
    const c = await get('agent', caseId);
    const ticked = await t.call('agent', 'frozen:check', {
      id: caseId,
      expectedVersion: c.version,
      kind: 'face',
      passed: true,
    });
    expect(ticked.ok).toBe(true);
    const after = ticked.ok ? (ticked.data as FreezeCaseDetail) : c;
    expect(after.checks.find((k) => k.kind === 'face')).toMatchObject({ operatorId: agent });
    const done = await decide('agent', after, 'unfreeze');
    expect(done).toMatchObject({ ok: true, data: { status: 'unfrozen', account: { status: 'active' } } });
    expect(accountStatus(accountId)).toBe('active');
  });

  it('of a low-risk case is immediate; of a high-risk case waits for a second approval', async () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, { risk: 'high', checks: checksBy(agent) });
    const res = await decide('agent', await get('agent', caseId), 'unfreeze');
    expect(res).toMatchObject({ ok: true, data: { status: 'awaiting_second_approval', makerId: agent } });
    expect(accountStatus(accountId)).toBe('frozen');
  });
});

describe('four-eyes', () => {
  it('an agent cannot approve; the maker cannot approve their own; another supervisor can', async () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, { risk: 'high', checks: checksBy(sup) });
    const made = await decide('sup', await get('sup', caseId), 'unfreeze');
    expect(made).toMatchObject({ ok: true, data: { status: 'awaiting_second_approval', makerId: sup } });
    const c = await get('sup', caseId);
    const approve = (client: string) =>
      t.call(client, 'frozen:approve', {
        id: caseId,
        expectedVersion: c.version,
        note: 'ok',
        idempotencyKey: nextKey(),
      });
    expect(await approve('agent')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await approve('sup')).toMatchObject({ ok: false, error: { code: 'MAKER_CANNOT_APPROVE' } });
    expect(accountStatus(accountId)).toBe('frozen');
    const approved = await approve('sup2');
    expect(approved).toMatchObject({ ok: true, data: { status: 'unfrozen', checkerId: sup2, makerId: sup } });
    expect(accountStatus(accountId)).toBe('active');
  });

  it('the database refuses a checker equal to the maker, a non-supervisor checker, and a closure without one', () => {
    const { caseId } = makeFreezeCase(t.sqlite, { status: 'awaiting_second_approval' });
    t.sqlite.prepare("UPDATE freeze_cases SET maker_id = ?, decision = 'close' WHERE id = ?").run(sup, caseId);
    const setChecker = (id: number) =>
      t.sqlite.prepare('UPDATE freeze_cases SET checker_id = ? WHERE id = ?').run(id, caseId);
    expect(() => setChecker(sup)).toThrow(/four-eyes|CHECK/);
    expect(() => setChecker(agent2)).toThrow(/supervisor/);
    expect(() => t.sqlite.prepare("UPDATE freeze_cases SET status = 'closed' WHERE id = ?").run(caseId)).toThrow(
      /second approval/,
    );
    setChecker(sup2);
  });

  it('a rejection sends the case back to its maker', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { risk: 'high', checks: checksBy(agent) });
    await decide('agent', await get('agent', caseId), 'unfreeze');
    const c = await get('sup', caseId);
    const res = await t.call('sup', 'frozen:reject', {
      id: caseId,
      expectedVersion: c.version,
      note: 'Call the customer back first',
      idempotencyKey: nextKey(),
    });
    expect(res).toMatchObject({ ok: true, data: { status: 'in_review', ownerId: agent, decision: null } });
  });
});

describe('closure', () => {
  it('is refused while the balance is above 0; the payout and then the closure each take a second supervisor', async () => {
    const { caseId, accountId } = makeFreezeCase(t.sqlite, {
      balanceMinor: 12_345,
      card: true,
      checks: checksBy(agent),
    });
    const refused = await decide('agent', await get('agent', caseId), 'close', { reasonCode: 'fraud_confirmed' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BALANCE_NOT_ZERO' } });
    expect(() => t.sqlite.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?").run(accountId)).toThrow(
      /balance/,
    );
    const asked = await decide('agent', await get('agent', caseId), 'payout', { reasonCode: 'fraud_confirmed' });
    expect(asked).toMatchObject({
      ok: true,
      data: { status: 'awaiting_second_approval', decision: 'payout', account: { balanceMinor: 12_345 } },
    });
    const approve = async (client: string, note: string) => {
      const d = await get(client, caseId);
      return t.call(client, 'frozen:approve', {
        id: caseId,
        expectedVersion: d.version,
        note,
        idempotencyKey: nextKey(),
      });
    };
    const paid = await approve('sup', 'Card verified on the call');
    expect(paid).toMatchObject({
      ok: true,
      data: { status: 'in_review', ownerId: agent, account: { balanceMinor: 0 }, checkerId: sup },
    });
    const closing = await decide('agent', await get('agent', caseId), 'close', { reasonCode: 'fraud_confirmed' });
    expect(closing).toMatchObject({ ok: true, data: { status: 'awaiting_second_approval', decision: 'close' } });
    const approved = await approve('sup', 'Confirmed fraud');
    expect(approved).toMatchObject({ ok: true, data: { status: 'closed', account: { status: 'closed' } } });
  });

  it('a payout needs a verified card', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { balanceMinor: 500, checks: checksBy(agent) });
    const c = await get('agent', caseId);
    const res = await t.call('agent', 'frozen:payout', {
      id: caseId,
      expectedVersion: c.version,
      reasonCode: 'customer_requested_closure',
      note: 'Customer asked to close',
      idempotencyKey: nextKey(),
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'NO_VERIFIED_CARD' } });
  });
});

describe('decisions', () => {
  it('refuse a stale expectedVersion with CASE_CHANGED and change nothing', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { checks: checksBy(agent) });
    const stale = await get('agent', caseId);
    const claimed = await t.call('agent2', 'frozen:claim', { id: caseId, expectedVersion: stale.version });
    expect(claimed.ok).toBe(true);
    const before = auditCount(caseId);
    const res = await decide('agent', stale, 'unfreeze');
    expect(res).toMatchObject({ ok: false, error: { code: 'CASE_CHANGED' } });
    expect(auditCount(caseId)).toBe(before);
  });

  it('are idempotent on retry: the same key acts once', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { checks: checksBy(agent) });
    const c = await get('agent', caseId);
    const k = nextKey();
    const first = await decide('agent', c, 'unfreeze', { idempotencyKey: k });
    const again = await decide('agent', c, 'unfreeze', { idempotencyKey: k });
    expect(first.ok && again.ok).toBe(true);
    expect(auditCount(caseId)).toBe(1);
  });

  it('keep frozen needs a future review date; the case returns to the queue on it', async () => {
    let now = new Date('2026-06-01T00:00:00Z');
    const t2 = makeTestConsole({ now: () => now });
    await t2.signInAs('a', 'agent');
    const { caseId } = makeFreezeCase(t2.sqlite, {});
    const c = (await t2.call('a', 'frozen:get', { id: caseId })) as { data: FreezeCaseDetail };
    const base = {
      id: caseId,
      expectedVersion: c.data.version,
      decision: 'keep_frozen',
      reasonCode: 'documents_pending',
      note: 'Waiting for ID scan',
    };
    const past = await t2.call('a', 'frozen:decide', {
      ...base,
      reviewAt: '2026-05-01T00:00:00Z',
      idempotencyKey: nextKey(),
    });
    expect(past).toMatchObject({ ok: false, error: { code: 'REVIEW_DATE_IN_PAST' } });
    const none = await t2.call('a', 'frozen:decide', { ...base, idempotencyKey: nextKey() });
    expect(none).toMatchObject({ ok: false, error: { code: 'REVIEW_DATE_REQUIRED' } });
    const empty = await t2.call('a', 'frozen:decide', { ...base, note: '  ', idempotencyKey: nextKey() });
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { note: 'too_small' } } });
    const kept = await t2.call('a', 'frozen:decide', {
      ...base,
      reviewAt: '2026-06-01T00:02:00Z',
      idempotencyKey: nextKey(),
    });
    expect(kept).toMatchObject({ ok: true, data: { status: 'kept_frozen' } });
    now = new Date('2026-06-01T00:03:00Z');
    // Reading the case does not sweep it back (reads never write); the host's due-work timer does.
    const read = (await t2.call('a', 'frozen:get', { id: caseId })) as { data: FreezeCaseDetail };
    expect(read.data.status).toBe('kept_frozen');
    await activateDueWork(t2.services);
    const back = (await t2.call('a', 'frozen:get', { id: caseId })) as { data: FreezeCaseDetail };
    expect(back.data?.status, JSON.stringify(back)).toBe('open');
    const swept = t2.sqlite
      .prepare("SELECT host FROM audit_events WHERE action = 'freeze.reviewDue' AND entity_id = ?")
      .get(String(caseId));
    expect(swept).toEqual({ host: 'system' });
    t2.close();
  });

  it('escalated cases are for supervisors', async () => {
    const { caseId } = makeFreezeCase(t.sqlite, {});
    await decide('agent', await get('agent', caseId), 'escalate', { reasonCode: 'needs_specialist' });
    const c = await get('agent', caseId);
    expect(c.status).toBe('escalated');
    expect(await t.call('agent', 'frozen:claim', { id: caseId, expectedVersion: c.version })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await t.call('sup', 'frozen:claim', { id: caseId, expectedVersion: c.version })).toMatchObject({ ok: true });
  });

  it("an agent cannot act on another agent's case", async () => {
    const { caseId } = makeFreezeCase(t.sqlite, { ownerId: agent2 });
    const c = await get('agent', caseId);
    expect(await t.call('agent', 'frozen:claim', { id: caseId, expectedVersion: c.version })).toMatchObject({
      ok: false,
      error: { code: 'CASE_OWNED_BY_OTHER' },
    });
  });
});

describe('bulk', () => {
  it('reports every row on its own rules and writes only the rows that pass', async () => {
    const good = makeFreezeCase(t.sqlite, { checks: checksBy(agent) });
    const high = makeFreezeCase(t.sqlite, { risk: 'high', checks: checksBy(agent) });
    const unchecked = makeFreezeCase(t.sqlite, {});
    const judicial = makeFreezeCase(t.sqlite, { reason: 'judicial', risk: 'low', checks: checksBy(agent) });
    const res = await t.call('agent', 'frozen:bulk', {
      action: 'unfreeze',
      ids: [good.caseId, high.caseId, unchecked.caseId, judicial.caseId, 9_999_999],
      reasonCode: 'identity_verified',
      note: 'Bulk review',
      idempotencyKey: nextKey(),
    });
    expect(res.ok).toBe(true);
    const codes = (res as { data: { results: { id: number; code: string | null }[] } }).data.results.map((r) => r.code);
    expect(codes).toEqual([null, 'NOT_LOW_RISK', 'IDENTITY_CHECKS_INCOMPLETE', 'JUDICIAL_FREEZE', 'NOT_FOUND']);
    expect(accountStatus(good.accountId)).toBe('active');
    expect(accountStatus(high.accountId)).toBe('frozen');
    expect(auditCount(good.caseId)).toBe(1);
    expect(auditCount(high.caseId)).toBe(0);
  });

  it('claims and assigns, refusing cases owned by someone else', async () => {
    const free = makeFreezeCase(t.sqlite, {});
    const taken = makeFreezeCase(t.sqlite, { ownerId: agent2 });
    const res = await t.call('agent', 'frozen:bulk', {
      action: 'claim',
      ids: [free.caseId, taken.caseId],
      idempotencyKey: nextKey(),
    });
    expect(res).toMatchObject({
      ok: true,
      data: { results: [{ ok: true }, { ok: false, code: 'CASE_OWNED_BY_OTHER' }] },
    });
    expect((await get('agent', free.caseId)).ownerId).toBe(agent);
    const assigned = await t.call('sup', 'frozen:bulk', {
      action: 'assign',
      ids: [free.caseId, taken.caseId],
      ownerId: agent2,
      idempotencyKey: nextKey(),
    });
    expect(assigned).toMatchObject({ ok: true, data: { results: [{ ok: true }, { ok: true }] } });
    expect((await get('agent', free.caseId)).ownerId).toBe(agent2);
  });
});
