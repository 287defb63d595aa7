import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Result } from '../../../shared/contract';
import type { RefundRow } from '../../../shared/contract/refunds';
import { verifyChain } from '../../db/audit';
import { seedFeeScheduleVia } from '../../seed/fees';
import {
  highRiskCase,
  makeAccount,
  setDemoLimits,
  settledPayment,
  refundRequestInput,
} from '../../test/engine-builders';
import {
  describeEngines,
  makeEngineConsole,
  PG_SKIP_REASON,
  postgresHost,
  TEST_PG,
  type EngineConsole,
} from '../../test/engines';
import { unwrap } from '../../test/harness';

/**
 * The core two-person workflows through the real dispatch, on both engines (describeEngines):
 * a refund above an agent's limit waits for a second approval, a high-risk unfreeze for another
 * supervisor, a fee version for another supervisor, and the audit chain verifies and catches an
 * edit. The last suite puts two hosts on one PostgreSQL database.
 */
const NOW = new Date('2026-11-20T02:00:00.000Z');
let keys = 0;
const key = () => `team-key-${++keys}-${Math.random().toString(36).slice(2)}`;
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

function refundsOn(t: Pick<EngineConsole, 'call'>) {
  return {
    request: (client: string, transactionId: number, amountMinor: number) =>
      t.call(client, 'refunds:request', refundRequestInput(transactionId, amountMinor, key())),
    approve: (client: string, r: RefundRow) =>
      t.call(client, 'refunds:approve', { id: r.id, expectedVersion: r.version, idempotencyKey: key() }),
  };
}

async function approvalsOf(t: EngineConsole, refundId: number) {
  const r = await t.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('entity_type', '=', 'refund_request')
    .where('entity_id', '=', String(refundId))
    .where('action', '=', 'refund.approved')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEngines('two-person workflows', (kind) => {
  let t: EngineConsole;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await makeEngineConsole(kind, { now: () => NOW });
    for (const [client, role] of [
      ['agent', 'agent'],
      ['agent2', 'agent'],
      ['sup', 'supervisor'],
      ['sup2', 'supervisor'],
      ['admin', 'admin'],
    ] as const) {
      ids[client] = await t.signInAs(client, role, client);
    }
    await setDemoLimits(t.db);
  });
  afterAll(() => t?.close());

  it('a refund above the agent limit waits for a second approval by someone with a high enough limit', async () => {
    const { accountId } = await makeAccount(t.db);
    const { request, approve } = refundsOn(t);
    const large = unwrap(await request('sup', await settledPayment(t.db, accountId, 500_000, NOW), 300_000));
    const escalated = unwrap(await approve('agent', large));
    expect(escalated.status).toBe('awaiting_second_approval');
    expect(code(await approve('agent', escalated))).toBe('REFUND_FOUR_EYES'); // the first approver again
    expect(code(await approve('agent2', escalated))).toBe('REFUND_OVER_LIMIT'); // ¥500 < ¥3,000
    expect(code(await approve('sup', escalated))).toBe('REFUND_FOUR_EYES'); // the requester
    expect(unwrap(await approve('sup2', escalated)).status).toBe('approved');
    const txn = await t.db
      .selectFrom('transactions')
      .select(['pending_refund_minor'])
      .where('id', '=', large.transactionId)
      .executeTakeFirstOrThrow();
    expect(txn.pending_refund_minor).toBe(300_000);
  });

  it('refunded + pending never exceeds the capture, in the handler and in the database', async () => {
    const { accountId } = await makeAccount(t.db);
    const txn = await settledPayment(t.db, accountId, 100_000, NOW);
    const { request } = refundsOn(t);
    const both = await Promise.all([request('agent', txn, 70_000), request('agent2', txn, 70_000)]);
    expect(both.map(code).sort()).toEqual(['REFUND_EXCEEDS_REMAINING', 'ok']);
    await expect(
      sql`UPDATE transactions SET pending_refund_minor = amount_minor + 1 WHERE id = ${txn}`.execute(t.db),
    ).rejects.toThrow(/CHECK constraint failed|violates check constraint/);
  });

  it('two supervisors approving at once give exactly one approval', async () => {
    const { accountId } = await makeAccount(t.db);
    const { request, approve } = refundsOn(t);
    const r = unwrap(await request('agent', await settledPayment(t.db, accountId, 100_000, NOW), 10_000));
    const results = await Promise.all([approve('sup', r), approve('sup2', r)]);
    expect(results.map(code).sort()).toEqual(['REFUND_CHANGED', 'ok']);
    expect(await approvalsOf(t, r.id)).toBe(1);
  });

  it('a high-risk unfreeze waits for another supervisor, and the database refuses it without one', async () => {
    const { caseId, accountId } = await highRiskCase(t.db, ids.sup, NOW);
    const c = await t.ok('sup', 'frozen:get', { id: caseId });
    const made = await t.ok('sup', 'frozen:decide', {
      id: caseId,
      expectedVersion: c.version,
      decision: 'unfreeze',
      reasonCode: 'identity_verified',
      note: 'Customer verified on the phone',
      idempotencyKey: key(),
    });
    expect(made).toMatchObject({ status: 'awaiting_second_approval', makerId: ids.sup });
    const approve = (client: string) =>
      t.call(client, 'frozen:approve', {
        id: caseId,
        expectedVersion: made.version,
        note: 'ok',
        idempotencyKey: key(),
      });
    expect(code(await approve('agent'))).toBe('FORBIDDEN');
    expect(code(await approve('sup'))).toBe('MAKER_CANNOT_APPROVE');
    await expect(sql`UPDATE freeze_cases SET status = 'unfrozen' WHERE id = ${caseId}`.execute(t.db)).rejects.toThrow(
      /high-risk unfreeze needs a second approval/,
    );
    expect(unwrap(await approve('sup2'))).toMatchObject({ status: 'unfrozen', checkerId: ids.sup2, makerId: ids.sup });
    const account = await t.db
      .selectFrom('accounts')
      .select('status')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(account.status).toBe('active');
  });

  it('a fee version is approved by another supervisor, never by its author', async () => {
    await seedFeeScheduleVia(t.db, NOW.getTime(), { author: ids.sup, approver: ids.admin });
    const draft = await t.ok('sup', 'fees:createDraft', { fromVersionId: 1 });
    const submitted = await t.ok('sup', 'fees:submit', { id: draft.id, expectedVersion: draft.version });
    const effectiveFrom = new Date(NOW.getTime() + 3 * 86_400_000).toISOString();
    const approve = (client: string) =>
      t.call(client, 'fees:approve', { id: submitted.id, expectedVersion: submitted.version, effectiveFrom });
    expect(code(await approve('sup'))).toBe('FEE_SELF_APPROVAL');
    await expect(
      sql`UPDATE fee_schedule_versions SET status = 'scheduled', approved_by = created_by WHERE id = ${submitted.id}`.execute(
        t.db,
      ),
    ).rejects.toThrow(/approval needs a second operator|CHECK constraint failed|violates check constraint/);
    expect(unwrap(await approve('sup2'))).toMatchObject({
      status: 'scheduled',
      effectiveFrom,
      approvedBy: { id: ids.sup2 },
    });
  });

  it('the audit chain verifies, refuses edits, and names an edited event', async () => {
    const intact = await t.ok('sup', 'audit:verify', {});
    expect(intact).toMatchObject({ intact: true, problem: null });
    expect(intact.checked).toBeGreaterThan(5);
    await expect(sql`UPDATE audit_events SET note = 'forged' WHERE id = 2`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_events WHERE id = 2`.execute(t.db)).rejects.toThrow(/append-only/);
    // An attacker with the owner's rights switches the guard off: the verifier still finds the edit.
    if (kind === 'postgres') {
      await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`.execute(t.db);
      await sql`UPDATE audit_events SET note = 'forged' WHERE id = 2`.execute(t.db);
      await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`.execute(t.db);
    } else {
      await sql`DROP TRIGGER audit_events_no_update`.execute(t.db);
      await sql`UPDATE audit_events SET note = 'forged' WHERE id = 2`.execute(t.db);
    }
    expect(await verifyChain(t.db)).toMatchObject({ intact: false, firstBrokenId: 2, problem: 'edited' });
  });
});

const twoHosts = TEST_PG ? describe : describe.skip;
twoHosts(`two desktops on one PostgreSQL database${TEST_PG ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let a: EngineConsole;
  let b: Awaited<ReturnType<typeof postgresHost>>;
  beforeAll(async () => {
    a = await makeEngineConsole('postgres');
    b = await postgresHost(a.url);
    await a.signInAs('agent', 'agent', 'agent');
    await a.signInAs('supA', 'supervisor', 'supA');
    await b.signInAs('supB', 'supervisor', 'supB');
    await b.signInAs('supB2', 'supervisor', 'supB2');
    await setDemoLimits(a.db);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("an approval on host B reaches host A's event stream within a second", async () => {
    const { accountId } = await makeAccount(a.db);
    const onA = refundsOn(a);
    const r = unwrap(await onA.request('supA', await settledPayment(a.db, accountId, 500_000, new Date()), 300_000));
    const waiting = unwrap(await onA.approve('agent', r));
    expect(waiting.status).toBe('awaiting_second_approval');
    const seen = a.events.length;
    const started = performance.now();
    expect(unwrap(await refundsOn(b).approve('supB', waiting)).status).toBe('approved');
    const lastId = Number(
      (
        await b.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id,
    );
    while (
      !a.events
        .slice(seen)
        .some((e) => e.event === 'audit:appended' && (e.payload as { lastId: number }).lastId >= lastId)
    ) {
      if (performance.now() - started > 1_000) throw new Error("host B's approval did not reach host A within 1 s");
      await new Promise((res) => setTimeout(res, 10));
    }
    // What A's queue reloads on that event shows the approval.
    const row = await a.ok('supA', 'refunds:get', { id: r.id });
    expect(row.request.status).toBe('approved');
  });

  it('concurrent approvals split across both hosts give exactly one effect, and one chain', async () => {
    const { accountId } = await makeAccount(a.db);
    const requests = [];
    for (let i = 0; i < 6; i++) {
      const txn = await settledPayment(a.db, accountId, 100_000, new Date());
      requests.push(unwrap(await refundsOn(a).request('agent', txn, 10_000)));
    }
    const results = await Promise.all(
      requests.flatMap((r) => [
        refundsOn(a).approve('supA', r),
        refundsOn(b).approve('supB', r),
        refundsOn(b).approve('supB2', r),
      ]),
    );
    for (let i = 0; i < requests.length; i++) {
      expect(
        results
          .slice(i * 3, i * 3 + 3)
          .map(code)
          .sort(),
      ).toEqual(['REFUND_CHANGED', 'REFUND_CHANGED', 'ok']);
      expect(await approvalsOf(a, requests[i].id)).toBe(1);
    }
    expect(await verifyChain(b.db)).toMatchObject({ intact: true });
  });
});
