import { FREEZE_SORTS } from '../../shared/contract/frozen';
import { appendAuditRaw } from './raw-audit';
import { ok, type BenchCase, type BenchContext } from './types';

const ANCHOR = Date.parse('2026-11-01T00:00:00Z');
const BULK = 500;
let bulkIds: number[] = [];
let agentId = 0;
let someCase = 0;
let phoneTail = '';
let prepared = false;

/**
 * Once per run: 500 low-risk open cases with their identity checks done (case numbers FB…),
 * which the bulk case unfreezes and puts back. The history of decided cases the queue walks
 * past is the generator's (electron/seed/frozen-history.ts).
 */
async function prepare(ctx: BenchContext) {
  if (prepared) return;
  prepared = true;
  const { sql } = ctx;
  agentId = (await sql.get<{ id: number }>("SELECT id FROM operators WHERE username = 'agent'"))!.id;
  const bulk = "SELECT id FROM freeze_cases WHERE case_no >= 'FB' AND case_no < 'FC' ORDER BY id";
  if ((await sql.all(bulk)).length < BULK) {
    await sql.transaction(async () => {
      const accounts = await sql.all<{ id: number }>(
        `SELECT id FROM accounts WHERE status = 'active' AND id NOT IN (SELECT account_id FROM freeze_cases) ORDER BY id LIMIT ${BULK}`,
      );
      const at = new Date(ANCHOR - 3_600_000).toISOString();
      for (const [i, a] of accounts.entries()) {
        const { id } = (await sql.get<{ id: number }>(
          `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at)
           VALUES (?, ?, 'customer_request', 'low', 'open', 'M-001 customer request (lost phone)', '{}', ?, ?) RETURNING id`,
          [`FB${String(i + 1).padStart(7, '0')}`, a.id, at, at],
        ))!;
        for (const kind of ['phone', 'id_tail', 'face'])
          await sql.run('INSERT INTO identity_checks (case_id, check_kind, operator_id, at) VALUES (?, ?, ?, ?)', [
            id,
            kind,
            agentId,
            at,
          ]);
      }
    });
  }
  bulkIds = (await sql.all<{ id: number }>(bulk)).map((r) => r.id);
  someCase = (await sql.get<{ id: number }>(
    "SELECT id FROM freeze_cases WHERE reason = 'frequent_transfers' AND active = 1 LIMIT 1",
  ))!.id;
  phoneTail = (await sql.get<{ t: string }>(
    'SELECT substr(c.phone, 8, 4) AS t FROM freeze_cases fc JOIN accounts a ON a.id = fc.account_id JOIN customers c ON c.id = a.customer_id WHERE fc.id = ?',
    [someCase],
  ))!.t;
}

async function resetBulk(ctx: BenchContext) {
  await ctx.sql.exec(`
    UPDATE freeze_cases SET status = 'open', decision = NULL, decision_reason = NULL, maker_id = NULL, checker_id = NULL,
      decided_at = NULL, owner_id = NULL WHERE case_no >= 'FB' AND case_no < 'FC';
    UPDATE accounts SET status = 'frozen' WHERE id IN (SELECT account_id FROM freeze_cases WHERE case_no >= 'FB' AND case_no < 'FC');
  `);
}

const SORT_SQL: Record<string, string> = { slaDue: 'fc.sla_due_at', frozenAt: 'fc.frozen_at', caseNo: 'fc.id' };
const NOW = new Date().toISOString();

/** Each queue filter, as the handler's input and as the hand-written WHERE of its floor. */
const FILTERS: { name: string; filter: () => Record<string, unknown>; where: () => string }[] = [
  { name: 'all cases', filter: () => ({}), where: () => '1 = 1' },
  { name: 'active', filter: () => ({ status: 'active' }), where: () => 'fc.active = 1' },
  { name: 'status open', filter: () => ({ status: 'open' }), where: () => "fc.status = 'open'" },
  { name: 'reason', filter: () => ({ reason: 'abnormal_login' }), where: () => "fc.reason = 'abnormal_login'" },
  { name: 'risk high', filter: () => ({ risk: 'high' }), where: () => "fc.risk = 'high'" },
  { name: 'mine', filter: () => ({ owner: 'mine' }), where: () => `fc.owner_id = ${agentId}` },
  { name: 'unassigned', filter: () => ({ owner: 'unassigned' }), where: () => 'fc.owner_id IS NULL' },
  {
    name: 'overdue',
    filter: () => ({ overdue: true }),
    where: () => `fc.sla_due_at < '${NOW}' AND fc.active = 1`,
  },
  {
    name: 'frozen-at range',
    filter: () => ({ frozenFrom: '2026-10-01T00:00:00.000Z', frozenTo: '2026-11-01T00:00:00.000Z' }),
    where: () => "fc.frozen_at >= '2026-10-01T00:00:00.000Z' AND fc.frozen_at < '2026-11-01T00:00:00.000Z'",
  },
  {
    name: 'phone tail',
    filter: () => ({ q: phoneTail }),
    where: () =>
      `fc.account_id IN (SELECT a.id FROM accounts a WHERE a.customer_id IN (SELECT c.id FROM customers c WHERE substr(c.phone, 8, 4) = '${phoneTail}'))`,
  },
];

async function floorPage(ctx: BenchContext, where: string, sort: string, dir: 'asc' | 'desc') {
  await ctx.sql
    .all(`SELECT fc.id, fc.case_no, fc.account_id, fc.reason, fc.risk, fc.status, fc.frozen_at, fc.sla_due_at, fc.review_at,
         fc.owner_id, fc.version,
         (SELECT a.account_no FROM accounts a WHERE a.id = fc.account_id) AS account_no,
         (SELECT c.name_zh FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = fc.account_id) AS name_zh,
         (SELECT c.name_en FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = fc.account_id) AS name_en,
         (SELECT c.phone FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = fc.account_id) AS phone,
         (SELECT o.display_name FROM operators o WHERE o.id = fc.owner_id) AS owner_name
       FROM freeze_cases fc WHERE ${where} ORDER BY ${SORT_SQL[sort]} ${dir}, fc.id ${dir} LIMIT 100`);
}

function pageCase(sort: string, dir: 'asc' | 'desc', f: (typeof FILTERS)[number]): BenchCase {
  return {
    name: `frozen:list ${sort} ${dir}, ${f.name} (100 rows)`,
    setup: prepare,
    async run(ctx) {
      ok(await ctx.call('agent', 'frozen:list', { sort, dir, limit: 100, after: null, filter: f.filter() }));
    },
    floor: (ctx) => floorPage(ctx, f.where(), sort, dir),
  };
}

let bulkRun = 0;

export const frozenCases: BenchCase[] = [
  ...FREEZE_SORTS.flatMap((sort) => (['asc', 'desc'] as const).map((dir) => pageCase(sort, dir, FILTERS[1]))),
  ...FILTERS.filter((f) => f.name !== 'active').map((f) => pageCase('slaDue', 'asc', f)),
  {
    name: 'frozen:get case detail',
    setup: prepare,
    async run(ctx) {
      ok(await ctx.call('agent', 'frozen:get', { id: someCase }));
    },
    floor: null,
  },
  {
    name: `frozen:bulk unfreeze ${BULK} low-risk cases (one transaction)`,
    setup: prepare,
    beforeEach: resetBulk,
    iterations: 20,
    async run(ctx) {
      const res = ok(
        await ctx.call('agent', 'frozen:bulk', {
          action: 'unfreeze',
          ids: bulkIds,
          reasonCode: 'identity_verified',
          note: 'bench',
          idempotencyKey: `bench-bulk-${Date.now()}-${++bulkRun}`,
        }),
      ) as { results: { ok: boolean }[] };
      if (res.results.some((r) => !r.ok)) throw new Error('bulk rows failed: the bench data was not reset');
    },
    async floor(ctx) {
      const { sql } = ctx;
      const at = new Date().toISOString();
      await sql.transaction(async () => {
        const list = bulkIds.join(',');
        await sql.all(`SELECT * FROM freeze_cases WHERE id IN (${list})`);
        await sql.all(`SELECT case_id, check_kind FROM identity_checks WHERE case_id IN (${list})`);
        await sql.run(
          `UPDATE freeze_cases SET status = 'unfrozen', decision = 'unfreeze', maker_id = ?, decided_at = ?, version = version + 1 WHERE id IN (${list})`,
          [agentId, at],
        );
        await sql.run(
          `UPDATE accounts SET status = 'active' WHERE id IN (SELECT account_id FROM freeze_cases WHERE id IN (${list}))`,
        );
        for (const id of bulkIds)
          await sql.run(
            "INSERT INTO notes (entity_type, entity_id, operator_id, body, created_at) VALUES ('freeze_case', ?, ?, 'bench', ?)",
            [id, agentId, at],
          );
        await appendAuditRaw(
          sql,
          bulkIds.map((id) => ({
            at,
            operatorId: agentId,
            operatorRole: 'agent' as const,
            action: 'freeze.decided',
            entityType: 'freeze_case',
            entityId: id,
            after: { status: 'unfrozen' },
            host: 'system' as const,
          })),
        );
      });
    },
  },
];
