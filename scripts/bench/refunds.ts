import { ABUSE_LOOKBACK_DAYS } from '../../shared/domain/refunds';
import { REFUND_SORTS } from '../../shared/contract/refunds';
import { appendAuditRaw } from './raw-audit';
import { ok, type BenchCase, type BenchContext } from './types';

const SORT_SQL: Record<string, string> = { requestedAt: 'requested_at', amount: 'amount_minor' };

/** The queue's filters, each with the WHERE clause the raw-SQL floor uses. */
const FILTERS: [string, Record<string, unknown>, string][] = [
  ['no filter', {}, '1 = 1'],
  ['status=pending', { status: 'pending' }, "status = 'pending'"],
  ['status=paid', { status: 'paid' }, "status = 'paid'"],
  ['type=merchant', { type: 'merchant' }, "type = 'merchant'"],
  ['reason=duplicate', { reason: 'duplicate' }, "reason = 'duplicate'"],
  ['amount ¥10–¥500', { minAmount: 1_000, maxAmount: 50_000 }, 'amount_minor BETWEEN 1000 AND 50000'],
  ['merchant', { merchant: '星巴克' }, "merchant = '星巴克'"],
  ['age>3d', { age: 'over3d' }, `requested_at < '${new Date(Date.now() - 3 * 86_400_000).toISOString()}'`],
  [
    'within my limit (pending)',
    { status: 'pending', withinMyLimit: true },
    "status = 'pending' AND amount_minor <= 50000",
  ],
  ['awaiting my second approval', { awaitingMySecond: true }, "status = 'awaiting_second_approval'"],
  [
    'requested by me (open)',
    { status: 'open', requestedByMe: true },
    "(status IN ('pending', 'awaiting_second_approval')) = 1 AND requested_by = (SELECT id FROM operators WHERE username = 'agent')",
  ],
];

/** The queue row as the handler reads it: the request, its transaction, its customer and the abuse figures. */
const CUSTOMER = (col: string) =>
  `(SELECT c.${col} FROM transactions t JOIN accounts a ON a.id = t.account_id JOIN customers c ON c.id = a.customer_id WHERE t.id = r.transaction_id)`;
const ACCOUNT = '(SELECT t.account_id FROM transactions t WHERE t.id = r.transaction_id)';
const SINCE = `'${new Date(Date.now() - ABUSE_LOOKBACK_DAYS * 86_400_000).toISOString()}'`;
const ROW_SQL = `SELECT r.*,
  (SELECT txn_no FROM transactions t WHERE t.id = r.transaction_id) AS txn_no,
  (SELECT created_at FROM transactions t WHERE t.id = r.transaction_id) AS txn_created_at,
  (SELECT payment_method FROM transactions t WHERE t.id = r.transaction_id) AS payment_method,
  (SELECT amount_minor FROM transactions t WHERE t.id = r.transaction_id) AS captured_minor,
  (SELECT amount_minor - refunded_minor - pending_refund_minor FROM transactions t WHERE t.id = r.transaction_id) AS remaining,
  (SELECT display_name FROM operators o WHERE o.id = r.requested_by) AS requester,
  (SELECT display_name FROM operators o WHERE o.id = r.assignee_id) AS assignee,
  ${CUSTOMER('id')} AS customer_id, ${CUSTOMER('name_zh')} AS name_zh, ${CUSTOMER('name_en')} AS name_en,
  (SELECT count(*) FROM refund_requests x WHERE x.transaction_id = r.transaction_id) AS same_txn,
  (SELECT count(*) FROM refund_requests x WHERE x.requested_at >= ${SINCE}
    AND x.transaction_id IN (SELECT t2.id FROM transactions t2 WHERE t2.account_id = ${ACCOUNT})) AS refunds_90d,
  (SELECT count(*) FROM transactions t2 WHERE t2.account_id = ${ACCOUNT}
    AND t2.created_at >= ${SINCE} AND t2.operation = 'payment') AS payments_90d
  FROM refund_requests r`;

/** A 100-row queue page for every sort and filter the grid offers. */
const listCases: BenchCase[] = REFUND_SORTS.flatMap((sort) =>
  FILTERS.flatMap(([name, filter, where]) =>
    (['desc', 'asc'] as const).map((dir): BenchCase => ({
      name: `refunds:list ${sort} ${dir}, ${name} (100 rows)`,
      async run(ctx) {
        ok(await ctx.call('agent', 'refunds:list', { sort, dir, limit: 100, after: null, filter }));
      },
      async floor(ctx) {
        const col = SORT_SQL[sort];
        // The hint the handler writes, by hand: a range on amount under another sort stays off
        // the amount index (`+`, rangeColumn), or the floor reads and sorts every match.
        const hinted = col === 'amount_minor' ? where : where.replace(/^amount_minor/, '+amount_minor');
        await ctx.sql.all(`${ROW_SQL} WHERE ${hinted} ORDER BY r.${col} ${dir}, r.id ${dir} LIMIT 100`);
      },
      iterations: 100,
    })),
  ),
);

let detailIds: number[] = [];
let detailAt = 0;

/** The request detail: timeline, the customer's 90-day refund rate, history and contacts. */
const detailCases: BenchCase[] = [
  {
    name: 'refunds:get detail (timeline, 90-day refund rate, contacts)',
    async setup(ctx) {
      detailIds = (
        await ctx.sql.all<{ id: number }>('SELECT id FROM refund_requests ORDER BY requested_at DESC LIMIT 300')
      ).map((r) => r.id);
    },
    async run(ctx) {
      ok(await ctx.call('agent', 'refunds:get', { id: detailIds[detailAt++ % detailIds.length] }));
    },
    floor: null,
  },
];

const BATCH = 1000;
const ROUNDS = 5;
let batches: number[][] = [];

/** Fresh pending ¥0.01 requests on payments with room left, in batches of 1,000 (written once per run). */
async function makeBatches(ctx: BenchContext, count: number) {
  const { sql } = ctx;
  const txns = await sql.all<{ id: number }>(
    `SELECT id FROM transactions WHERE operation = 'payment' AND status = 'settled'
     AND amount_minor - refunded_minor - pending_refund_minor >= 1 AND settled_at > ?
     AND account_id IN (SELECT id FROM accounts WHERE status = 'active') ORDER BY id DESC LIMIT ?`,
    // Inside the refund window and on active accounts (no freeze warning), so an agent may approve them.
    [new Date(Date.now() - 150 * 86_400_000).toISOString(), count * BATCH],
  );
  const stamp = Date.now();
  // Spread over the past months, so the extra rows do not crowd the newest pages of the queue.
  const at = (i: number) => new Date(stamp - 86_400_000 * (10 + ((i * 7_919) % 140))).toISOString();
  const ids = await sql.transaction(async () => {
    const out: number[] = [];
    for (const [i, t] of txns.entries()) {
      const row = await sql.get<{ id: number }>(
        `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, status, requested_at)
         VALUES (?, ?, 'customer', 1, 'CNY', 'duplicate', 'pending', ?) RETURNING id`,
        [`BENCH${stamp}-${i}`, t.id, at(i)],
      );
      out.push(row!.id);
    }
    return out;
  });
  batches = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
}

/** The floor: the same status changes and hash-chained audit rows by prepared statements. */
async function approveRaw(ctx: BenchContext, ids: number[]) {
  const { sql } = ctx;
  await sql.transaction(async () => {
    const at = new Date().toISOString();
    for (const id of ids)
      await sql.run(
        "UPDATE refund_requests SET status = 'approved', first_approver_id = 1, decided_at = ?, version = version + 1 WHERE id = ?",
        [at, id],
      );
    await appendAuditRaw(
      sql,
      ids.map((id) => ({
        at,
        operatorId: 1,
        operatorRole: 'agent' as const,
        action: 'refund.approved',
        entityType: 'refund_request',
        entityId: id,
        before: { status: 'pending', version: 0 },
        after: { status: 'approved', version: 1, amountMinor: 1 },
        host: 'system' as const,
      })),
    );
  });
}

let round = 0;
const bulkCases: BenchCase[] = [
  {
    name: `refunds:bulkApprove ${BATCH} requests with audit events`,
    async setup(ctx) {
      // Warm-up (5) + timed rounds, for both the handler and the floor.
      await makeBatches(ctx, 2 * (ROUNDS + 5));
      round = 0;
    },
    async run(ctx) {
      const ids = batches[round++];
      const out = ok(
        await ctx.call('agent', 'refunds:bulkApprove', {
          items: ids.map((id) => ({ id, expectedVersion: 0 })),
          idempotencyKey: `bench-${ids[0]}-${Date.now()}`,
        }),
      ) as { succeeded: number };
      if (out.succeeded !== ids.length) throw new Error(`only ${out.succeeded} approved`);
    },
    async floor(ctx) {
      await approveRaw(ctx, batches[round++]);
    },
    iterations: ROUNDS,
  },
];

export const refundCases: BenchCase[] = [...listCases, ...detailCases, ...bulkCases];
