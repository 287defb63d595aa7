import type { Updateable } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { FreezeCaseDetail } from '../../../shared/contract/frozen';
import { workBlocker } from '../../../shared/domain/freeze-actions';
import { appendAudit, type AuditEntry } from '../../db/audit';
import type { FreezeCasesTable } from '../../db/schema';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { caseDetailFor } from './detail';
import { actor } from '../core/permissions';
import { checksOf, factsOf, otherLiveReasonsOf, refuseIf, verifiedCardOf, viewerOf } from './facts';
import { recordCheck } from './checklist';
import { change } from '../core/change';

/** The case as it is now, inside the write transaction; a different version means someone got there first. */
export async function readCase(trx: Trx, id: number, expectedVersion: number | null) {
  const row = await trx
    .selectFrom('freeze_cases as fc')
    .innerJoin('accounts as a', 'a.id', 'fc.account_id')
    .select([
      'fc.id',
      'fc.case_no',
      'fc.account_id',
      'fc.reason',
      'fc.risk',
      'fc.status',
      'fc.owner_id',
      'fc.maker_id',
      'fc.decision',
      'fc.decision_reason',
      'fc.review_at',
      'fc.version',
      'a.status as account_status',
      'a.balance_minor',
      'a.currency',
      'a.customer_id',
    ])
    .select((eb) => [
      verifiedCardOf(eb.ref('fc.account_id')).as('verified_card'),
      checksOf(eb.ref('fc.id')).as('checks'),
      otherLiveReasonsOf(eb.ref('fc.id'), eb.ref('fc.account_id')).as('other_live_reasons'),
    ])
    .where('fc.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No freeze case ${id}`);
  if (expectedVersion !== null && row.version !== expectedVersion) {
    throw new AppError('CASE_CHANGED', 'The case changed since it was loaded');
  }
  return { ...row, status: row.status };
}
export type CaseState = Awaited<ReturnType<typeof readCase>>;

/** Writes the case with its version bumped, guarded by the version read in this transaction. */
export async function updateCase(trx: Trx, c: CaseState, set: Updateable<FreezeCasesTable>) {
  const done = await trx
    .updateTable('freeze_cases')
    .set({ ...set, version: c.version + 1 })
    .where('id', '=', c.id)
    .where('version', '=', c.version)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new AppError('CASE_CHANGED', 'The case changed since it was loaded');
}

export function caseAudit(ctx: AuthedContext, c: CaseState, action: string, extra: Partial<AuditEntry>): AuditEntry {
  return { ...actor(ctx), action, entityType: 'freeze_case', entityId: c.id, ...extra };
}

/** Only a supervisor may take over work owned by someone else, or an escalated case (freeze-actions.ts). */
export function assertMayWork(ctx: AuthedContext, c: CaseState): void {
  refuseIf(workBlocker(factsOf(c), viewerOf(ctx)));
}

/** Runs one case change as a transaction with its audit event, then tells every window. */
export async function changeCase(
  ctx: AuthedContext,
  id: number,
  expectedVersion: number | null,
  /** Makes the change and returns the id of its audit event. */
  apply: (trx: Trx, c: CaseState) => Promise<number>,
): Promise<FreezeCaseDetail> {
  await change(ctx, async ({ trx, tell }) => {
    await apply(trx, await readCase(trx, id, expectedVersion));
    tell('frozen:changed', { ids: [id] });
  });
  return caseDetailFor(ctx, id);
}

async function assertAssignable(ctx: AuthedContext, ownerId: number) {
  const op = await ctx.db
    .selectFrom('operators')
    .select(['id', 'disabled'])
    .where('id', '=', ownerId)
    .executeTakeFirst();
  if (!op || op.disabled) throw new AppError('NOT_FOUND', `No active operator ${ownerId}`);
}

export const frozenActionHandlers: Pick<
  Handlers,
  'frozen:claim' | 'frozen:release' | 'frozen:assign' | 'frozen:check'
> = {
  async 'frozen:claim'(ctx, { id, expectedVersion }) {
    const me = ctx.session.operatorId;
    return changeCase(ctx, id, expectedVersion, async (trx, c) => {
      assertMayWork(ctx, c);
      const status = c.status === 'open' ? 'in_review' : c.status;
      await updateCase(trx, c, { owner_id: me, status });
      return appendAudit(
        trx,
        caseAudit(ctx, c, 'freeze.claimed', {
          before: { ownerId: c.owner_id, status: c.status },
          after: { ownerId: me, status },
        }),
      );
    });
  },

  async 'frozen:release'(ctx, { id, expectedVersion }) {
    return changeCase(ctx, id, expectedVersion, async (trx, c) => {
      assertMayWork(ctx, c);
      const status = c.status === 'in_review' ? 'open' : c.status;
      await updateCase(trx, c, { owner_id: null, status });
      return appendAudit(
        trx,
        caseAudit(ctx, c, 'freeze.released', {
          before: { ownerId: c.owner_id, status: c.status },
          after: { ownerId: null, status },
        }),
      );
    });
  },

  async 'frozen:assign'(ctx, { id, expectedVersion, ownerId }) {
    await assertAssignable(ctx, ownerId);
    return changeCase(ctx, id, expectedVersion, async (trx, c) => {
      assertMayWork(ctx, c);
      const status = c.status === 'open' ? 'in_review' : c.status;
      await updateCase(trx, c, { owner_id: ownerId, status });
      return appendAudit(
        trx,
        caseAudit(ctx, c, 'freeze.assigned', {
          before: { ownerId: c.owner_id, status: c.status },
          after: { ownerId, status },
        }),
      );
    });
  },

  /** Ticks (or unticks) one identity check; it records who and when, and claims an unowned case. */
  async 'frozen:check'(ctx, { id, expectedVersion, kind, passed }) {
    const me = ctx.session.operatorId;
    return changeCase(ctx, id, expectedVersion, async (trx, c) => {
      assertMayWork(ctx, c);
      await recordCheck(trx, 'identity_checks', {
        caseId: c.id,
        kind,
        passed,
        operatorId: me,
        at: ctx.now().toISOString(),
      });
      const owner = c.owner_id ?? me;
      await updateCase(trx, c, { owner_id: owner, status: c.status === 'open' ? 'in_review' : c.status });
      return appendAudit(trx, caseAudit(ctx, c, 'freeze.identityCheck', { after: { kind, passed } }));
    });
  },
};
