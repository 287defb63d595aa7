import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefundRow } from '../../../shared/contract/refunds';
import type { Result } from '../../../shared/contract';
import { count, makeTestConsole, type TestConsole, unwrap } from '../../test/harness';
import { key, makeTxn, seedRefundWorld, txnTotals } from '../../test/refund-builders';
import { usePayoutAdapter } from './payout';
import { refundRequestInput } from '../../test/engine-builders';

let t: TestConsole;
const ids: Record<string, number> = {};
beforeAll(async () => {
  t = makeTestConsole();
  seedRefundWorld(t.sqlite);
  for (const role of ['agent', 'supervisor', 'admin'] as const) ids[role] = await t.signInAs(role, role);
  ids.agent2 = await t.signInAs('agent2', 'agent');
  ids.supervisor2 = await t.signInAs('supervisor2', 'supervisor');
});
afterAll(() => t.close());

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

function request(client: string, transactionId: number, amountMinor: number, extra: Record<string, unknown> = {}) {
  return t.call(client, 'refunds:request', refundRequestInput(transactionId, amountMinor, key(), extra));
}
const approve = (client: string, r: RefundRow, k = key()) =>
  t.call(client, 'refunds:approve', { id: r.id, expectedVersion: r.version, idempotencyKey: k });
const payout = (client: string, r: RefundRow, k = key()) =>
  t.call(client, 'refunds:payout', { id: r.id, expectedVersion: r.version, idempotencyKey: k });

describe('requesting a refund', () => {
  it('refuses more than the remaining amount, and partial refunds never sum above the capture', async () => {
    const txn = makeTxn(t.sqlite, { amountMinor: 100_000 });
    expect(code(await request('supervisor', txn, 100_001))).toBe('REFUND_EXCEEDS_REMAINING');
    const first = unwrap(await request('supervisor', txn, 60_000));
    expect(first.remainingMinor).toBe(40_000);
    expect(code(await request('supervisor', txn, 40_001))).toBe('REFUND_EXCEEDS_REMAINING');
    expect(code(await request('supervisor', txn, 40_000))).toBe('ok');
    expect(txnTotals(t.sqlite, txn)).toMatchObject({ pending_refund_minor: 100_000, refunded_minor: 0 });
  });

  it('lets only one of two concurrent partial refunds through when both would not fit', async () => {
    const txn = makeTxn(t.sqlite, { amountMinor: 100_000 });
    const results = await Promise.all([request('agent', txn, 70_000), request('agent2', txn, 70_000)]);
    expect(results.map(code).sort()).toEqual(['REFUND_EXCEEDS_REMAINING', 'ok']);
    expect(txnTotals(t.sqlite, txn).pending_refund_minor).toBe(70_000);
  });

  it('is guarded by the database too: a raw insert past the capture fails the CHECK', () => {
    const txn = makeTxn(t.sqlite, { amountMinor: 10_000 });
    const insert = (n: number, amount: number) =>
      t.sqlite
        .prepare(
          `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_at)
           VALUES (?, ?, 'customer', ?, 'CNY', 'duplicate', 'pending', '2026-01-01T00:00:00.000Z')`,
        )
        .run(`RAW${txn}-${n}`, txn, amount);
    insert(1, 6_000);
    expect(() => insert(2, 5_000)).toThrow(/CHECK constraint failed/);
    expect(txnTotals(t.sqlite, txn).pending_refund_minor).toBe(6_000);
  });

  it('needs a settled payment in its currency, and a note for "other"', async () => {
    expect(code(await request('agent', makeTxn(t.sqlite, { status: 'pending' }), 100))).toBe('REFUND_NOT_REFUNDABLE');
    expect(code(await request('agent', makeTxn(t.sqlite, { operation: 'top_up' }), 100))).toBe('REFUND_NOT_REFUNDABLE');
    const txn = makeTxn(t.sqlite);
    expect(code(await request('agent', txn, 100, { currency: 'USD' }))).toBe('REFUND_CURRENCY_MISMATCH');
    expect(code(await request('agent', txn, 100, { reason: 'other' }))).toBe('REFUND_NOTE_REQUIRED');
    expect(code(await request('agent', txn, 100, { reason: 'other', note: 'wrong size' }))).toBe('ok');
  });

  it('flags the same transaction and amount within 24 hours and needs an explicit confirmation', async () => {
    const txn = makeTxn(t.sqlite);
    const first = unwrap(await request('agent', txn, 5_000));
    expect(code(await request('agent', txn, 5_000))).toBe('REFUND_DUPLICATE_SUSPECTED');
    expect(code(await request('agent', txn, 5_001))).toBe('ok');
    const confirmed = unwrap(await request('agent', txn, 5_000, { confirmDuplicate: true }));
    expect(confirmed.duplicateOf).toBe(first.id);
  });
});

describe('approving', () => {
  it('approves within the role limit, escalates above it, and needs a second operator with a high enough limit', async () => {
    const small = unwrap(await request('supervisor', makeTxn(t.sqlite), 20_000));
    expect(unwrap(await approve('agent', small)).status).toBe('approved');

    const large = unwrap(await request('supervisor', makeTxn(t.sqlite, { amountMinor: 500_000 }), 300_000));
    const escalated = unwrap(await approve('agent', large));
    expect(escalated.status).toBe('awaiting_second_approval');
    expect(code(await approve('agent', escalated))).toBe('REFUND_FOUR_EYES'); // the first approver again
    expect(code(await approve('agent2', escalated))).toBe('REFUND_OVER_LIMIT'); // another agent: ¥500 < ¥3,000
    expect(code(await approve('supervisor', escalated))).toBe('REFUND_FOUR_EYES'); // the requester
    expect(unwrap(await approve('supervisor2', escalated)).status).toBe('approved');
  });

  it('never lets the requester approve, and the database refuses it too', async () => {
    const mine = unwrap(await request('agent', makeTxn(t.sqlite), 1_000));
    expect(code(await approve('agent', mine))).toBe('REFUND_FOUR_EYES');
    expect(() =>
      t.sqlite.prepare('UPDATE refund_requests SET second_approver_id = requested_by WHERE id = ?').run(mine.id),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      t.sqlite.prepare('UPDATE refund_requests SET first_approver_id = requested_by WHERE id = ?').run(mine.id),
    ).toThrow(/four-eyes/);
  });

  it('above every limit, two different supervisors approve', async () => {
    const huge = unwrap(await request('agent', makeTxn(t.sqlite, { amountMinor: 5_000_000 }), 3_000_000)); // ¥30,000
    const first = unwrap(await approve('supervisor', huge));
    expect(first.status).toBe('awaiting_second_approval');
    expect(code(await approve('admin', first))).toBe('REFUND_OVER_LIMIT'); // admin's refund limit is 0
    expect(unwrap(await approve('supervisor2', first)).status).toBe('approved');
  });

  it('reads the limits from the data, so an admin change applies at once', async () => {
    const r = unwrap(await request('supervisor', makeTxn(t.sqlite), 80_000));
    const raise = { role: 'agent', kind: 'refund', currency: 'CNY', note: 'test' };
    await t.ok('admin', 'limits:update', { ...raise, maxMinor: 100_000 });
    expect(unwrap(await approve('agent', r)).status).toBe('approved');
    await t.ok('admin', 'limits:update', { ...raise, maxMinor: 50_000 });
  });

  it('returns the first result for a retry or a double click, with one audit event', async () => {
    const r = unwrap(await request('supervisor', makeTxn(t.sqlite), 10_000));
    const k = key();
    const auditBefore = count(t.sqlite, 'audit_events');
    const [a, b] = await Promise.all([approve('agent', r, k), approve('agent', r, k)]);
    const c = await approve('agent', r, k);
    expect([a, b, c].map(code)).toEqual(['ok', 'ok', 'ok']);
    expect(unwrap(c).version).toBe(r.version + 1);
    expect(count(t.sqlite, 'audit_events') - auditBefore).toBe(1);
    expect(code(await t.call('agent', 'refunds:claim', { id: r.id, expectedVersion: r.version + 1 }))).toBe('ok');
    // The key is bound to its action: another channel cannot replay it.
    expect(code(await payout('agent', r, k))).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a stale version, and two operators approving at once get exactly one approval', async () => {
    const r = unwrap(await request('supervisor', makeTxn(t.sqlite), 10_000));
    const results = await Promise.all([approve('agent', r), approve('agent2', r)]);
    expect(results.map(code).sort()).toEqual(['REFUND_CHANGED', 'ok']);
    expect(code(await approve('agent', r))).toBe('REFUND_CHANGED');
    const approvals = t.sqlite
      .prepare(
        "SELECT count(*) AS n FROM audit_events WHERE entity_type = 'refund_request' AND entity_id = ? AND action = 'refund.approved'",
      )
      .get(String(r.id)) as { n: number };
    expect(approvals.n).toBe(1);
  });

  it('outside the refund window needs a supervisor; the window is a setting', async () => {
    const old = makeTxn(t.sqlite, { settledDaysAgo: 200 });
    const r = unwrap(await request('admin', old, 10_000));
    expect(code(await approve('agent', r))).toBe('REFUND_OUTSIDE_WINDOW');
    await t.ok('admin', 'refunds:updateSettings', { windowDays: 365, note: 'annual policy' });
    expect(unwrap(await approve('agent', r)).status).toBe('approved');
    await t.ok('admin', 'refunds:updateSettings', { windowDays: 180, note: 'back' });
    const r2 = unwrap(await request('admin', old, 10_001));
    expect(unwrap(await approve('supervisor', r2)).status).toBe('approved');
  });

  it('rejects with a reason code, "other" with a note, and releases the held amount', async () => {
    const txn = makeTxn(t.sqlite);
    const r = unwrap(await request('supervisor', txn, 30_000));
    const reject = (extra: Record<string, unknown>) =>
      t.call('agent', 'refunds:reject', { id: r.id, expectedVersion: r.version, idempotencyKey: key(), ...extra });
    expect(code(await reject({ reason: 'other' }))).toBe('REFUND_NOTE_REQUIRED');
    expect(code(await reject({ reason: 'nope' }))).toBe('VALIDATION');
    expect((unwrap(await reject({ reason: 'other', note: 'customer withdrew' })) as RefundRow).status).toBe('rejected');
    expect(txnTotals(t.sqlite, txn).pending_refund_minor).toBe(0);
  });
});

describe('cancelling', () => {
  it('the requester may cancel their own request; another agent may not, and the refusal is audited', async () => {
    const txn = makeTxn(t.sqlite, { amountMinor: 10_000 });
    const mine = unwrap(await request('agent', txn, 1_000));
    const cancel = (client: string, r: RefundRow) =>
      t.call(client, 'refunds:cancel', { id: r.id, expectedVersion: r.version, note: 'customer withdrew' });
    const audits = count(t.sqlite, 'audit_events');
    expect(await cancel('agent2', mine)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(count(t.sqlite, 'audit_events')).toBe(audits + 1);
    expect(t.sqlite.prepare('SELECT action, after_json FROM audit_events ORDER BY id DESC LIMIT 1').get()).toEqual({
      action: 'access.forbidden',
      after_json: JSON.stringify({ permission: 'refunds.cancelAny' }),
    });
    expect(txnTotals(t.sqlite, txn).pending_refund_minor).toBe(1_000);
    expect(await cancel('agent', mine)).toMatchObject({ ok: true, data: { status: 'cancelled' } });
  });

  it('a supervisor may cancel anyone’s request', async () => {
    const txn = makeTxn(t.sqlite, { amountMinor: 10_000 });
    const theirs = unwrap(await request('agent', txn, 1_000));
    expect(
      await t.call('supervisor', 'refunds:cancel', {
        id: theirs.id,
        expectedVersion: theirs.version,
        note: 'duplicate',
      }),
    ).toMatchObject({ ok: true, data: { status: 'cancelled' } });
    expect(txnTotals(t.sqlite, txn).pending_refund_minor).toBe(0);
  });
});

describe('payout', () => {
  it('a failed payout is retried and then paid; paid is final', async () => {
    const txn = makeTxn(t.sqlite, { id: 900_007 }); // the demo channel times out once on ids ending in 7
    const r = unwrap(await approve('agent', unwrap(await request('supervisor', txn, 25_000))));
    const failed = unwrap(await payout('agent', r));
    expect(failed.status).toBe('failed');
    expect(txnTotals(t.sqlite, txn)).toMatchObject({ pending_refund_minor: 25_000, refunded_minor: 0 });
    const paid = unwrap(await payout('agent', failed));
    expect(paid.status).toBe('paid');
    expect(txnTotals(t.sqlite, txn)).toMatchObject({ pending_refund_minor: 0, refunded_minor: 25_000 });
    expect(code(await payout('agent', paid))).toBe('REFUND_INVALID_STATE');
    expect(() => t.sqlite.prepare("UPDATE refund_requests SET status = 'pending' WHERE id = ?").run(paid.id)).toThrow(
      /not allowed/,
    );
  });

  it('a payout that keeps failing can go back to pending with a note, for a fresh approval', async () => {
    const restore = usePayoutAdapter({ send: async () => ({ ok: false, reason: 'CARD_CLOSED' }) });
    try {
      const r = unwrap(await approve('agent', unwrap(await request('supervisor', makeTxn(t.sqlite), 100))));
      const failed = unwrap(await payout('agent', r));
      const detail = await t.ok('agent', 'refunds:get', { id: r.id });
      expect(detail.request.failureReason).toBe('CARD_CLOSED');
      const back = await t.ok('agent', 'refunds:returnToPending', {
        id: r.id,
        expectedVersion: failed.version,
        note: 'new card',
      });
      expect(back).toMatchObject({ status: 'pending', firstApproverId: null });
    } finally {
      restore();
    }
  });

  it('a double click on payout pays once', async () => {
    const r = unwrap(await approve('agent', unwrap(await request('supervisor', makeTxn(t.sqlite), 100))));
    const k = key();
    const [a, b] = await Promise.all([payout('agent', r, k), payout('agent', r, k)]);
    expect(unwrap(a)).toEqual(unwrap(b));
    const paid = t.sqlite
      .prepare("SELECT count(*) AS n FROM audit_events WHERE entity_id = ? AND action = 'refund.paid'")
      .get(String(r.id)) as { n: number };
    expect(paid.n).toBe(1);
  });
});

describe('bulk approval', () => {
  it('judges every row on its own rules; passing rows commit together with their audit events', async () => {
    const rows = [];
    for (const amount of [10_000, 20_000, 300_000, 30_000]) {
      rows.push(unwrap(await request('supervisor', makeTxn(t.sqlite, { amountMinor: 500_000 }), amount)));
    }
    const items = rows.map((r) => ({ id: r.id, expectedVersion: r.version }));
    items[3].expectedVersion += 1; // stale
    const auditBefore = count(t.sqlite, 'audit_events');
    const result = await t.ok('agent', 'refunds:bulkApprove', {
      items: [...items, { id: 99_999_999, expectedVersion: 0 }],
      idempotencyKey: key(),
    });
    expect(result.rows.map((r) => (r.ok ? r.status : r.code))).toEqual([
      'approved',
      'approved',
      'REFUND_OVER_LIMIT',
      'REFUND_CHANGED',
      'NOT_FOUND',
    ]);
    expect(result).toMatchObject({ succeeded: 2, failed: 3 });
    expect(count(t.sqlite, 'audit_events') - auditBefore).toBe(2);
    const statuses = t.sqlite
      .prepare(`SELECT status FROM refund_requests WHERE id IN (${rows.map((r) => r.id).join(',')}) ORDER BY id`)
      .all()
      .map((r) => (r as { status: string }).status);
    expect(statuses).toEqual(['approved', 'approved', 'pending', 'pending']);
  });

  it('bulk rejection needs a reason and releases every held amount', async () => {
    const txn = makeTxn(t.sqlite, { amountMinor: 100_000 });
    const a = unwrap(await request('supervisor', txn, 10_000));
    const b = unwrap(await request('supervisor', txn, 20_000));
    const items = [a, b].map((r) => ({ id: r.id, expectedVersion: r.version }));
    expect(code(await t.call('agent', 'refunds:bulkReject', { items, idempotencyKey: key() }))).toBe('VALIDATION');
    const result = await t.ok('agent', 'refunds:bulkReject', {
      items,
      reason: 'suspected_abuse',
      idempotencyKey: key(),
    });
    expect(result.succeeded).toBe(2);
    expect(txnTotals(t.sqlite, txn).pending_refund_minor).toBe(0);
  });

  it('takes at most 1,000 rows', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({ id: i + 1, expectedVersion: 0 }));
    expect(code(await t.call('agent', 'refunds:bulkApprove', { items, idempotencyKey: key() }))).toBe('VALIDATION');
  });
});

describe('the queue and the detail', () => {
  it('filters to what awaits my second approval and what is within my limit', async () => {
    const big = unwrap(await request('agent2', makeTxn(t.sqlite, { amountMinor: 5_000_000 }), 3_000_000));
    unwrap(await approve('supervisor', big));
    const list = async (client: string, filter: Record<string, unknown>) =>
      (await t.ok(client, 'refunds:list', { sort: 'requestedAt', dir: 'desc', limit: 500, after: null, filter })).rows;
    for (const r of await list('agent', { withinMyLimit: true })) expect(r.amountMinor).toBeLessThanOrEqual(50_000);
    const mine = await list('supervisor2', { awaitingMySecond: true });
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) {
      expect(r.status).toBe('awaiting_second_approval');
      expect(r.firstApproverId).not.toBe(ids.supervisor2);
    }
    const agentView = await list('agent', { awaitingMySecond: true });
    for (const r of agentView) expect(r.amountMinor).toBeLessThanOrEqual(50_000);
  });

  it('shows the timeline, the abuse signal and the ageing summary', async () => {
    const txn = makeTxn(t.sqlite, { amountMinor: 100_000 });
    const a = unwrap(await request('supervisor', txn, 10_000));
    const b = unwrap(await request('supervisor', txn, 20_000));
    unwrap(await payout('agent', unwrap(await approve('agent', a))));
    const d = await t.ok('agent', 'refunds:get', { id: b.id });
    expect(d.timeline.map((e) => e.kind)).toEqual([
      'captured',
      'settled',
      'requested',
      'requested',
      'approved',
      'paid',
    ]);
    expect(d.timeline.filter((e) => e.current).map((e) => e.kind)).toEqual(['requested']);
    expect(d.history.sameTransactionRequests).toBe(2);
    expect(d.history.refundRate90d).toBeGreaterThan(0);
    const ageing = await t.ok('agent', 'refunds:ageing', {});
    expect(ageing.under1d).toBeGreaterThan(0);
  });
});
