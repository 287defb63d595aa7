import type { Kysely } from 'kysely';
import type { InputOf } from '../../shared/contract';
import type { DB } from '../db/schema';
import { DEMO_LIMITS } from '../seed/generate';

let seq = 0;

/**
 * Test data through Kysely, so the same test runs on SQLite and PostgreSQL: a customer with a
 * frozen or active CNY account, a settled ¥1,000 payment on it, the demo approval limits.
 */
export async function makeAccount(
  db: Kysely<DB>,
  status: 'active' | 'frozen' = 'active',
  o: { balanceMinor?: number } = {},
) {
  seq++;
  const customer = await db
    .insertInto('customers')
    .values({
      name_zh: `测试${seq}`,
      name_en: `Test Person${seq}`,
      phone: `137${String(seq).padStart(8, '0')}`,
      id_tail: '1234',
      kyc_level: 2,
      segment: 'standard',
      registered_at: '2025-01-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const account = await db
    .insertInto('accounts')
    .values({
      account_no: `88${String(seq).padStart(10, '0')}`,
      customer_id: customer.id,
      currency: 'CNY',
      balance_minor: o.balanceMinor ?? 0,
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { customerId: Number(customer.id), accountId: Number(account.id) };
}

export async function setDemoLimits(db: Kysely<DB>) {
  for (const l of DEMO_LIMITS) {
    await db
      .insertInto('approval_limits')
      .values({ role: l.role, kind: 'refund', currency: 'CNY', max_minor: l.maxMinor })
      .onConflict((oc) => oc.columns(['role', 'kind', 'currency']).doUpdateSet({ max_minor: l.maxMinor }))
      .execute();
  }
}

/** A settled payment a day before `now`; `paymentMethod` 'bank_card:…' makes that card the verified one. */
export async function settledPayment(
  db: Kysely<DB>,
  accountId: number,
  amountMinor: number,
  now: Date,
  o: { paymentMethod?: string } = {},
) {
  const at = new Date(now.getTime() - 86_400_000).toISOString();
  const row = await db
    .insertInto('transactions')
    .values({
      txn_no: `TE${++seq}`,
      account_id: accountId,
      operation: 'payment',
      channel: 'in_app',
      amount_minor: amountMinor,
      fee_minor: 0,
      currency: 'CNY',
      status: 'settled',
      merchant: '星巴克',
      payment_method: o.paymentMethod ?? 'balance',
      created_at: at,
      settled_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A high-risk freeze case on a frozen account, with every identity check done by `checker`. */
export async function highRiskCase(db: Kysely<DB>, checker: number, now: Date) {
  const { accountId } = await makeAccount(db, 'frozen');
  const frozenAt = new Date(now.getTime() - 3_600_000).toISOString();
  const c = await db
    .insertInto('freeze_cases')
    .values({
      case_no: `FE${String(++seq).padStart(7, '0')}`,
      account_id: accountId,
      reason: 'frequent_transfers',
      risk: 'high',
      status: 'open',
      evidence_rule: 'R-101 frequent transfers',
      evidence_json: '{"transfers":23,"newPayees":17,"windowMinutes":60}',
      frozen_at: frozenAt,
      sla_due_at: new Date(now.getTime() + 3_600_000).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const kind of ['phone', 'id_tail', 'recent_transaction'] as const) {
    await db
      .insertInto('identity_checks')
      .values({ case_id: c.id, check_kind: kind, operator_id: checker, at: frozenAt })
      .execute();
  }
  return { caseId: Number(c.id), accountId };
}

/** A refund request's input as the customer page sends it: the customer's own request, in yuan. */
export function refundRequestInput(
  transactionId: number,
  amountMinor: number,
  idempotencyKey: string,
  extra: Partial<InputOf<'refunds:request'>> = {},
): InputOf<'refunds:request'> {
  return {
    transactionId,
    amountMinor,
    currency: 'CNY',
    type: 'customer',
    reason: 'requested_by_customer',
    idempotencyKey,
    ...extra,
  };
}
