import { sql, type Selectable } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { BulkRowResult } from '../../../shared/contract/frozen';
import type { ErrorCode } from '../../../shared/contract/errors';
import type { FreezeCaseStatus, IdentityCheck } from '../../../shared/domain/catalog';
import type { FreezeCasesTable } from '../../db/schema';
import { DECIDABLE_STATUSES, unfreezeBlocker, type DecisionReason } from '../../../shared/domain/freeze';
import { can } from '../../../shared/domain/roles';
import { appendAuditBatch, type AuditEntry } from '../../db/audit';
import { chunks } from '../../db/chunks';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { onceByKey } from '../core/idempotency';
import { actor } from '../core/permissions';

type BulkInput = Parameters<Handlers['frozen:bulk']>[1];

type BulkCase = Pick<
  Selectable<FreezeCasesTable>,
  'id' | 'case_no' | 'account_id' | 'reason' | 'risk' | 'status' | 'owner_id'
>;

/**
 * Bulk claim, assign or unfreeze. Each row is judged on its own rules (the same as the
 * single actions) and reported; the rows that pass are written in ONE transaction with
 * their audit events, so a crash (even kill -9) leaves every row all-or-nothing.
 * The work is set-based (a few statements for the whole batch) to stay fast at 500 rows.
 */
async function runBulk(ctx: AuthedContext, trx: Trx, input: BulkInput) {
  const me = ctx.session.operatorId;
  const supervisor = can(ctx.session.role, 'frozen.approve');
  const ids = [...new Set(input.ids)];
  if (input.action === 'assign') await assertActiveOperator(trx, input.ownerId);
  const { cases, checks } = await loadBatch(trx, ids, input.action === 'unfreeze');

  const results: BulkRowResult[] = [];
  const passed: BulkCase[] = [];
  for (const id of ids) {
    const c = cases.get(id);
    const code = c ? refusal(c, input.action, checks.get(id) ?? [], me, supervisor) : 'NOT_FOUND';
    results.push({ id, caseNo: c?.case_no ?? null, ok: code === null, code });
    if (code === null && c) passed.push(c);
  }

  const audit = passed.map((c) => bulkAudit(ctx, input, c));
  const now = ctx.now().toISOString();
  for (const part of chunks(passed)) {
    if (input.action === 'unfreeze') await unfreezeAll(trx, part, input.reasonCode, input.note, me, now);
    else await takeOwnership(trx, part, input.action === 'assign' ? input.ownerId : me);
  }
  const lastId = await appendAuditBatch(trx, audit);
  return { results, lastId, changed: passed.map((c) => c.id), accounts: passed.map((c) => c.account_id) };
}

async function assertActiveOperator(trx: Trx, operatorId: number): Promise<void> {
  const op = await trx
    .selectFrom('operators')
    .select(['id', 'disabled'])
    .where('id', '=', operatorId)
    .executeTakeFirst();
  if (!op || op.disabled) throw new AppError('NOT_FOUND', `No active operator ${operatorId}`);
}

/** The batch's cases, and for an unfreeze the identity checks each has passed. */
async function loadBatch(trx: Trx, ids: number[], withChecks: boolean) {
  const cases = new Map<number, BulkCase>();
  const checks = new Map<number, IdentityCheck[]>();
  for (const part of chunks(ids)) {
    const rows = await trx
      .selectFrom('freeze_cases')
      .select(['id', 'case_no', 'account_id', 'reason', 'risk', 'status', 'owner_id'])
      .where('id', 'in', part)
      .execute();
    for (const r of rows) cases.set(r.id, r);
    if (withChecks) {
      const marks = await trx
        .selectFrom('identity_checks')
        .select(['case_id', 'check_kind'])
        .where('case_id', 'in', part)
        .execute();
      for (const m of marks) checks.set(m.case_id, [...(checks.get(m.case_id) ?? []), m.check_kind]);
    }
  }
  return { cases, checks };
}

/** Why one row is refused, by the same rules as the single actions; null when it may go ahead. */
function refusal(
  c: BulkCase,
  action: BulkInput['action'],
  checks: IdentityCheck[],
  me: number,
  supervisor: boolean,
): ErrorCode | null {
  if (!DECIDABLE_STATUSES.includes(c.status)) return 'CASE_NOT_DECIDABLE';
  if (c.status === 'escalated' && !supervisor) return 'FORBIDDEN';
  if (c.owner_id !== null && c.owner_id !== me && !supervisor) return 'CASE_OWNED_BY_OTHER';
  if (action !== 'unfreeze') return null;
  return c.risk !== 'low' ? 'NOT_LOW_RISK' : unfreezeBlocker({ reason: c.reason, status: c.status, checks });
}

function bulkAudit(ctx: AuthedContext, input: BulkInput, c: BulkCase): AuditEntry {
  const base = { ...actor(ctx), entityType: 'freeze_case', entityId: c.id };
  if (input.action === 'unfreeze') {
    return {
      ...base,
      action: 'freeze.decided',
      before: { status: c.status, accountStatus: 'frozen' },
      after: {
        decision: 'unfreeze',
        reasonCode: input.reasonCode,
        status: 'unfrozen',
        accountStatus: 'active',
        bulk: true,
      },
      note: input.note,
    };
  }
  return {
    ...base,
    action: input.action === 'assign' ? 'freeze.assigned' : 'freeze.claimed',
    before: { ownerId: c.owner_id, status: c.status },
    after: {
      ownerId: input.action === 'assign' ? input.ownerId : ctx.session.operatorId,
      status: c.status === 'open' ? 'in_review' : c.status,
      bulk: true,
    },
  };
}

/** Unfreezes a chunk of low-risk cases: the cases, their accounts and one note each. */
async function unfreezeAll(
  trx: Trx,
  part: BulkCase[],
  reasonCode: DecisionReason,
  note: string,
  me: number,
  now: string,
): Promise<void> {
  const caseIds = part.map((c) => c.id);
  const accountIds = part.map((c) => c.account_id);
  await trx
    .updateTable('freeze_cases')
    .set((eb) => ({
      status: 'unfrozen',
      decision: 'unfreeze',
      decision_reason: reasonCode,
      maker_id: me,
      checker_id: null,
      decided_at: now,
      owner_id: eb.fn.coalesce('owner_id', sql.lit(me)),
      version: eb('version', '+', 1),
    }))
    .where('id', 'in', caseIds)
    .execute();
  await trx
    .updateTable('accounts')
    .set((eb) => ({ status: 'active', version: eb('version', '+', 1) }))
    .where('id', 'in', accountIds)
    .execute();
  await trx
    .insertInto('notes')
    .values(
      part.map((c) => ({ entity_type: 'freeze_case', entity_id: c.id, operator_id: me, body: note, created_at: now })),
    )
    .execute();
}

/** Claims or assigns a chunk of cases; an open case moves into review. */
async function takeOwnership(trx: Trx, part: BulkCase[], owner: number): Promise<void> {
  const caseIds = part.map((c) => c.id);
  await trx
    .updateTable('freeze_cases')
    .set((eb) => ({
      owner_id: owner,
      status: sql<FreezeCaseStatus>`CASE WHEN status = 'open' THEN 'in_review' ELSE status END`,
      version: eb('version', '+', 1),
    }))
    .where('id', 'in', caseIds)
    .execute();
}

export const frozenBulkHandlers: Pick<Handlers, 'frozen:bulk'> = {
  async 'frozen:bulk'(ctx, input) {
    const { result, replayed } = await ctx.db.transaction().execute((trx) =>
      // A call where no case passed changed nothing, so it stores no key: its retry is judged afresh.
      onceByKey(
        ctx,
        trx,
        input.idempotencyKey,
        () => runBulk(ctx, trx, input),
        (r) => r.changed.length > 0,
      ),
    );
    if (!replayed && result.changed.length) {
      ctx.emit('frozen:changed', { ids: result.changed });
      if (result.lastId !== null) ctx.emit('audit:appended', { lastId: result.lastId });
      if (input.action === 'unfreeze') ctx.emit('customers:changed', { ids: result.accounts });
    }
    return { results: result.results };
  },
};
