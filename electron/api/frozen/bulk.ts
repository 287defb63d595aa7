import { sql } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { BulkRowResult } from '../../../shared/contract/frozen';
import type { ErrorCode } from '../../../shared/contract/errors';
import type { FreezeCaseStatus } from '../../../shared/domain/catalog';
import type { DecisionReason } from '../../../shared/domain/freeze';
import { outcomeBlocker, workBlocker, type CaseViewer } from '../../../shared/domain/freeze-actions';
import { appendAuditBatch, type AuditEntry } from '../../db/audit';
import { chunks } from '../../db/chunks';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { onceByKey } from '../core/idempotency';
import { actor } from '../core/permissions';
import { checksOf, factsOf, otherLiveReasonsOf, viewerOf } from './facts';
import { change } from '../core/change';

type BulkInput = Parameters<Handlers['frozen:bulk']>[1];
type BulkCase = Awaited<ReturnType<typeof loadPart>>[number];

/**
 * Bulk claim, assign or unfreeze. Each row is judged on its own rules (the same as the
 * single actions) and reported; the rows that pass are written in ONE transaction with
 * their audit events, so a crash (even kill -9) leaves every row all-or-nothing.
 * The work is set-based (a few statements for the whole batch) to stay fast at 500 rows.
 */
async function runBulk(ctx: AuthedContext, trx: Trx, input: BulkInput) {
  const me = ctx.session.operatorId;
  const ids = [...new Set(input.ids)];
  if (input.action === 'assign') await assertActiveOperator(trx, input.ownerId);
  const cases = await loadBatch(trx, ids);

  const viewer = viewerOf(ctx);
  const results: BulkRowResult[] = [];
  const passed: BulkCase[] = [];
  for (const id of ids) {
    const c = cases.get(id);
    const code = c ? refusal(c, input.action, viewer) : 'NOT_FOUND';
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

/** The batch's cases with the facts the freeze rules judge: checks passed, the account's other live freezes. */
async function loadBatch(trx: Trx, ids: number[]) {
  const cases = new Map<number, BulkCase>();
  for (const part of chunks(ids)) for (const r of await loadPart(trx, part)) cases.set(r.id, r);
  return cases;
}

function loadPart(trx: Trx, part: number[]) {
  return trx
    .selectFrom('freeze_cases as fc')
    .innerJoin('accounts as a', 'a.id', 'fc.account_id')
    .select(['fc.id', 'fc.case_no', 'fc.account_id', 'fc.reason', 'fc.risk', 'fc.status', 'fc.owner_id'])
    .select(['fc.maker_id', 'fc.decision', 'a.balance_minor'])
    .select((eb) => [
      checksOf(eb.ref('fc.id')).as('checks'),
      otherLiveReasonsOf(eb.ref('fc.id'), eb.ref('fc.account_id')).as('other_live_reasons'),
    ])
    .where('fc.id', 'in', part)
    .execute();
}

/** Why one row is refused, by the same rules as the single actions (freeze-actions.ts); null when it may go ahead. */
function refusal(c: BulkCase, action: BulkInput['action'], viewer: CaseViewer): ErrorCode | null {
  // Claim, assign and unfreeze read neither the card nor the balance's destination.
  const facts = factsOf({ ...c, verified_card: null });
  const code = workBlocker(facts, viewer);
  if (code !== null || action !== 'unfreeze') return code;
  // Bulk unfreeze is for low risk only.
  return c.risk !== 'low' ? 'NOT_LOW_RISK' : outcomeBlocker('unfreeze', facts);
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
        accountStatus: c.other_live_reasons ? 'frozen' : 'active',
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
  // Another live freeze on the account keeps it frozen.
  const accountIds = part.filter((c) => !c.other_live_reasons).map((c) => c.account_id);
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
  if (accountIds.length) {
    await trx
      .updateTable('accounts')
      .set((eb) => ({ status: 'active', version: eb('version', '+', 1) }))
      .where('id', 'in', accountIds)
      .execute();
  }
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
    const { result, replayed } = await change(ctx, ({ trx }) =>
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
