import { sql } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { BulkRowResult } from '../../../shared/contract/frozen';
import type { ErrorCode } from '../../../shared/contract/errors';
import { outcomeBlocker, workBlocker } from '../../../shared/domain/freeze-actions';
import { appendAuditBatch, type AuditEntry } from '../../db/audit';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { onceByKey } from '../core/idempotency';
import { actor } from '../core/permissions';
import { checksOf, factsOf, otherLiveReasonsOf, viewerOf } from './facts';

type BulkInput = Parameters<Handlers['frozen:bulk']>[1];
const CHUNK = 500;

interface BulkCase {
  id: number;
  case_no: string;
  account_id: number;
  reason: string;
  risk: string;
  status: string;
  owner_id: number | null;
  maker_id: number | null;
  decision: string | null;
  balance_minor: number;
  checks: string | null;
  other_live_reasons: string | null;
}

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/**
 * Bulk claim, assign or unfreeze. Each row is judged on its own rules (the same as the
 * single actions) and reported; the rows that pass are written in ONE transaction with
 * their audit events, so a crash (even kill -9) leaves every row all-or-nothing.
 * The work is set-based (a few statements for the whole batch) to stay fast at 500 rows.
 */
async function runBulk(ctx: AuthedContext, trx: Trx, input: BulkInput) {
  const me = ctx.session.operatorId;
  const now = ctx.now().toISOString();
  const ids = [...new Set(input.ids)];
  if (input.action === 'assign') {
    const op = await trx
      .selectFrom('operators')
      .select(['id', 'disabled'])
      .where('id', '=', input.ownerId)
      .executeTakeFirst();
    if (!op || op.disabled) throw new AppError('NOT_FOUND', `No active operator ${input.ownerId}`);
  }
  const cases = new Map<number, BulkCase>();
  for (const part of chunks(ids)) {
    const rows = await trx
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
    for (const r of rows) cases.set(r.id, r);
  }

  // The same rules as the single actions (freeze-actions.ts); bulk unfreeze is for low risk only.
  const viewer = viewerOf(ctx);
  const results: BulkRowResult[] = [];
  const passed: BulkCase[] = [];
  for (const id of ids) {
    const c = cases.get(id);
    let code: ErrorCode | null = null;
    if (!c) code = 'NOT_FOUND';
    else {
      // Claim, assign and unfreeze read neither the card nor the balance's destination.
      const facts = factsOf({ ...c, verified_card: null });
      code = workBlocker(facts, viewer);
      if (code === null && input.action === 'unfreeze') {
        code = c.risk !== 'low' ? 'NOT_LOW_RISK' : outcomeBlocker('unfreeze', facts);
      }
    }
    results.push({ id, caseNo: c?.case_no ?? null, ok: code === null, code });
    if (code === null && c) passed.push(c);
  }

  const audit: AuditEntry[] = passed.map((c) => {
    const base = { ...actor(ctx), entityType: 'freeze_case', entityId: c.id };
    const nextStatus = input.action === 'unfreeze' ? 'unfrozen' : c.status === 'open' ? 'in_review' : c.status;
    if (input.action === 'unfreeze') {
      return {
        ...base,
        action: 'freeze.decided',
        before: { status: c.status, accountStatus: 'frozen' },
        after: {
          decision: 'unfreeze',
          reasonCode: input.reasonCode,
          status: nextStatus,
          accountStatus: c.other_live_reasons ? 'frozen' : 'active',
          bulk: true,
        },
        note: input.note,
      };
    }
    const owner = input.action === 'assign' ? input.ownerId : me;
    return {
      ...base,
      action: input.action === 'assign' ? 'freeze.assigned' : 'freeze.claimed',
      before: { ownerId: c.owner_id, status: c.status },
      after: { ownerId: owner, status: nextStatus, bulk: true },
    };
  });

  for (const part of chunks(passed)) {
    const partIds = part.map((c) => c.id);
    if (input.action === 'unfreeze') {
      await trx
        .updateTable('freeze_cases')
        .set((eb) => ({
          status: 'unfrozen',
          decision: 'unfreeze',
          decision_reason: input.reasonCode,
          maker_id: me,
          checker_id: null,
          decided_at: now,
          owner_id: eb.fn.coalesce('owner_id', sql.lit(me)),
          version: eb('version', '+', 1),
        }))
        .where('id', 'in', partIds)
        .execute();
      await trx
        .updateTable('accounts')
        .set((eb) => ({ status: 'active', version: eb('version', '+', 1) }))
        // Another live freeze on the account keeps it frozen.
        .where(
          'id',
          'in',
          part.filter((c) => !c.other_live_reasons).map((c) => c.account_id),
        )
        .execute();
      await trx
        .insertInto('notes')
        .values(
          part.map((c) => ({
            entity_type: 'freeze_case',
            entity_id: c.id,
            operator_id: me,
            body: input.note,
            created_at: now,
          })),
        )
        .execute();
    } else {
      const owner = input.action === 'assign' ? input.ownerId : me;
      await trx
        .updateTable('freeze_cases')
        .set((eb) => ({
          owner_id: owner,
          status: sql<string>`CASE WHEN status = 'open' THEN 'in_review' ELSE status END`,
          version: eb('version', '+', 1),
        }))
        .where('id', 'in', partIds)
        .execute();
    }
  }
  const lastId = await appendAuditBatch(trx, audit);
  return { results, lastId, changed: passed.map((c) => c.id), accounts: passed.map((c) => c.account_id) };
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
