import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract';
import type { RefundRow } from '../../../shared/contract/refunds';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';
import { key, makeTxn, seedRefundWorld, txnTotals } from '../../test/refund-builders';
import { usePayoutAdapter } from '../refunds/payout';
import { refundRequestInput } from '../../test/engine-builders';

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole();
  seedRefundWorld(t.sqlite);
  await t.signInAs('agent', 'agent');
  await t.signInAs('agent2', 'agent');
  await t.signInAs('supervisor', 'supervisor');
});
afterAll(() => t.close());

const data = <T>(r: Result<unknown>) => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data as T;
};
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const request = (client: string, transactionId: number, amountMinor: number, idempotencyKey: string) =>
  t.call(client, 'refunds:request', refundRequestInput(transactionId, amountMinor, idempotencyKey));

describe('idempotency keys', () => {
  it('replay the first result for the same operator, channel and payload', async () => {
    const txn = makeTxn(t.sqlite);
    const k = key();
    const first = data<RefundRow>(await request('agent', txn, 10_000, k));
    const again = data<RefundRow>(await request('agent', txn, 10_000, k));
    expect(again.id).toBe(first.id);
    expect(txnTotals(t.sqlite, txn).pending_refund_minor).toBe(10_000);
  });

  it('refuse the same key with another payload: a refund on another transaction is not silently dropped', async () => {
    const a = makeTxn(t.sqlite);
    const b = makeTxn(t.sqlite);
    const k = key();
    expect(code(await request('agent', a, 10_000, k))).toBe('ok');
    expect(code(await request('agent', b, 10_000, k))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(code(await request('agent', a, 20_000, k))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(txnTotals(t.sqlite, b).pending_refund_minor).toBe(0);
  });

  it('refuse the same key from another operator or on another channel', async () => {
    const txn = makeTxn(t.sqlite);
    const k = key();
    const row = data<RefundRow>(await request('agent', txn, 10_000, k));
    expect(code(await request('agent2', txn, 10_000, k))).toBe('IDEMPOTENCY_KEY_REUSED');
    const approve = await t.call('supervisor', 'refunds:approve', {
      id: row.id,
      expectedVersion: row.version,
      idempotencyKey: k,
    });
    expect(code(approve)).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('are refused while the first call with another payload is still running', async () => {
    const a = makeTxn(t.sqlite);
    const b = makeTxn(t.sqlite);
    const k = key();
    const [first, second] = await Promise.all([request('agent', a, 10_000, k), request('agent', b, 10_000, k)]);
    expect([code(first), code(second)]).toEqual(['ok', 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('are not stored by a failed attempt, so the retry after a fix goes through', async () => {
    const txn = makeTxn(t.sqlite);
    const row = data<RefundRow>(await request('agent', txn, 10_000, key()));
    const k = key();
    const keysBefore = count(t.sqlite, 'idempotency_keys');
    // A stale version fails; nothing of the attempt is kept.
    const stale = await t.call('agent2', 'refunds:approve', {
      id: row.id,
      expectedVersion: row.version + 5,
      idempotencyKey: k,
    });
    expect(code(stale)).toBe('REFUND_CHANGED');
    expect(count(t.sqlite, 'idempotency_keys')).toBe(keysBefore);
    const fixed = await t.call('agent2', 'refunds:approve', {
      id: row.id,
      expectedVersion: row.version,
      idempotencyKey: k,
    });
    expect(fixed).toMatchObject({ ok: true, data: { status: 'approved' } });
  });

  it('are not stored by a bulk call where every row failed', async () => {
    const txn = makeTxn(t.sqlite);
    const row = data<RefundRow>(await request('agent', txn, 10_000, key()));
    const k = key();
    const items = [{ id: row.id, expectedVersion: row.version + 1 }];
    const failed = data<{ rows: { ok: boolean }[] }>(
      await t.call('agent2', 'refunds:bulkApprove', { items, idempotencyKey: k }),
    );
    expect(failed.rows.map((r) => r.ok)).toEqual([false]);
    const retry = data<{ rows: { ok: boolean }[] }>(
      await t.call('agent2', 'refunds:bulkApprove', {
        items: [{ id: row.id, expectedVersion: row.version }],
        idempotencyKey: k,
      }),
    );
    expect(retry.rows.map((r) => r.ok)).toEqual([true]);
  });

  it('are not stored by a payout the channel refused: the same key pays once the channel is back', async () => {
    const txn = makeTxn(t.sqlite);
    const requested = data<RefundRow>(await request('agent', txn, 10_000, key()));
    const approved = data<RefundRow>(
      await t.call('agent2', 'refunds:approve', {
        id: requested.id,
        expectedVersion: requested.version,
        idempotencyKey: key(),
      }),
    );
    const k = key();
    const restore = usePayoutAdapter({ send: async () => ({ ok: false, reason: 'CHANNEL_TIMEOUT' }) });
    const failed = data<RefundRow>(
      await t.call('agent2', 'refunds:payout', {
        id: approved.id,
        expectedVersion: approved.version,
        idempotencyKey: k,
      }),
    );
    restore();
    expect(failed.status).toBe('failed');
    const restoreOk = usePayoutAdapter({ send: async () => ({ ok: true }) });
    const paid = data<RefundRow>(
      await t.call('agent2', 'refunds:payout', { id: failed.id, expectedVersion: failed.version, idempotencyKey: k }),
    );
    restoreOk();
    expect(paid.status).toBe('paid');
  });

  it('a key stored before payloads were hashed still replays for its operator and channel', async () => {
    const txn = makeTxn(t.sqlite);
    const row = data<RefundRow>(await request('agent', txn, 10_000, key()));
    const k = key();
    const agentId = (
      t.sqlite.prepare("SELECT id FROM operators WHERE username = 'agent-agent'").get() as { id: number }
    ).id;
    t.sqlite
      .prepare(
        "INSERT INTO idempotency_keys (key, channel, operator_id, payload_hash, result_json, created_at) VALUES (?, 'refunds:request', ?, NULL, ?, '2026-01-01T00:00:00.000Z')",
      )
      .run(k, agentId, JSON.stringify(row));
    expect(data<RefundRow>(await request('agent', txn, 99, k)).id).toBe(row.id);
    expect(code(await request('agent2', txn, 99, k))).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
