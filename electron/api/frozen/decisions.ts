import type { Updateable } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { FreezeCaseDetail } from '../../../shared/contract/frozen';
import type { RiskLevel } from '../../../shared/domain/catalog';
import { needsSecondApproval, type FreezeDecision } from '../../../shared/domain/freeze';
import { approvalBlocker, outcomeBlocker, reviewBlocker } from '../../../shared/domain/freeze-actions';
import { appendAudit } from '../../db/audit';
import type { FreezeCasesTable } from '../../db/schema';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { caseDetailFor } from './detail';
import { assertMayWork, caseAudit, readCase, updateCase, type CaseState } from './actions';
import { factsOf, refuseIf, viewerOf } from './facts';
import { payOutBalance } from './payout';
import { onceByKey } from '../core/idempotency';
import { insertNote } from '../workspace/notes';
import { change } from '../core/change';

/**
 * One decision step as a transaction: idempotency key, version check, the case and
 * the account, the note and the audit event all commit together or not at all.
 */
async function decideOnce(
  ctx: AuthedContext,
  key: string,
  id: number,
  expectedVersion: number,
  step: (trx: Trx, c: CaseState) => Promise<{ auditId: number; customerId: number; accountChanged: boolean }>,
): Promise<FreezeCaseDetail> {
  const { result, replayed } = await change(ctx, ({ trx }) =>
    onceByKey(ctx, trx, key, async () => {
      const c = await readCase(trx, id, expectedVersion);
      if (c.id !== id) throw new AppError('NOT_FOUND', `No freeze case ${id}`);
      return step(trx, c);
    }),
  );
  if (!replayed) {
    ctx.emit('frozen:changed', { ids: [id] });
    ctx.emit('audit:appended', { lastId: result.auditId });
    ctx.emit('notes:changed', { entityType: 'freeze_case', entityId: id });
    if (result.accountChanged) ctx.emit('customers:changed', { ids: [result.customerId] });
  }
  return caseDetailFor(ctx, id);
}

export async function setAccountStatus(trx: Trx, accountId: number, status: 'active' | 'frozen' | 'closed') {
  await trx
    .updateTable('accounts')
    .set((eb) => ({ status, version: eb('version', '+', 1) }))
    .where('id', '=', accountId)
    .execute();
}

type DecideInput = Parameters<Handlers['frozen:decide']>[1];

/**
 * The maker's step of every decision. The rules (freeze-actions.ts) refuse what the
 * freeze type, the identity checks or the balance do not allow; a decision that needs a
 * second person waits for one.
 */
function decide(ctx: AuthedContext, input: DecideInput) {
  const me = ctx.session.operatorId;
  const now = ctx.now().toISOString();
  return decideOnce(ctx, input.idempotencyKey, input.id, input.expectedVersion, async (trx, c) => {
    assertMayWork(ctx, c);
    refuseIf(outcomeBlocker(input.decision, factsOf(c)));
    const awaiting = needsSecondApproval(input.decision, c.risk as RiskLevel);
    let set: Updateable<FreezeCasesTable>;
    switch (input.decision) {
      case 'keep_frozen':
        if (!input.reviewAt) throw new AppError('REVIEW_DATE_REQUIRED', 'A review date is required');
        if (new Date(input.reviewAt).getTime() <= ctx.now().getTime()) {
          throw new AppError('REVIEW_DATE_IN_PAST', 'The review date must be in the future');
        }
        set = { status: 'kept_frozen', review_at: new Date(input.reviewAt).toISOString(), owner_id: null };
        set.decided_at = now;
        break;
      case 'escalate':
        set = { status: 'escalated', owner_id: null, decided_at: null };
        break;
      default:
        set = awaiting
          ? { status: 'awaiting_second_approval', decided_at: null }
          : { status: 'unfrozen', decided_at: now };
    }
    // Another live freeze on the same account keeps it frozen when this case is lifted.
    const account = set.status === 'unfrozen' && !c.other_live_reasons ? 'active' : c.account_status;
    await updateCase(trx, c, {
      ...set,
      decision: input.decision,
      decision_reason: input.reasonCode,
      maker_id: me,
      checker_id: null,
    });
    if (account !== c.account_status) await setAccountStatus(trx, c.account_id, 'active');
    await insertNote(trx, { entityType: 'freeze_case', entityId: c.id, operatorId: me, body: input.note, at: now });
    const auditId = await appendAudit(
      trx,
      caseAudit(ctx, c, 'freeze.decided', {
        before: { status: c.status, accountStatus: c.account_status },
        after: {
          decision: input.decision,
          reasonCode: input.reasonCode,
          status: set.status,
          accountStatus: account,
          ...(input.reviewAt ? { reviewAt: set.review_at } : {}),
        },
        note: input.note,
      }),
    );
    return { auditId, customerId: c.customer_id, accountChanged: account !== c.account_status };
  });
}

/** Carries out an approved decision; returns what the audit event records of it. */
async function carryOut(ctx: AuthedContext, trx: Trx, c: CaseState, decision: FreezeDecision) {
  const me = ctx.session.operatorId;
  const now = ctx.now().toISOString();
  if (decision === 'payout') {
    // The checker goes on first: the database lets money leave a frozen account only for a
    // payout decision that carries a maker and a different checker (migration 0120).
    await updateCase(trx, c, { checker_id: me });
    const paid = await payOutBalance(trx, c, now);
    // Back to the maker, who can now ask for the closure.
    await updateCase(
      trx,
      { ...c, version: c.version + 1 },
      { status: 'in_review', owner_id: c.maker_id, decided_at: now },
    );
    return { status: 'in_review', accountStatus: c.account_status, ...paid };
  }
  const status = decision === 'unfreeze' ? 'unfrozen' : 'closed';
  const account = decision === 'close' ? 'closed' : c.other_live_reasons ? c.account_status : 'active';
  await updateCase(trx, c, { status, checker_id: me, decided_at: now });
  if (account !== c.account_status) await setAccountStatus(trx, c.account_id, account as 'active' | 'closed');
  return { status, accountStatus: account };
}

export const frozenDecisionHandlers: Pick<
  Handlers,
  'frozen:decide' | 'frozen:approve' | 'frozen:reject' | 'frozen:payout'
> = {
  'frozen:decide': (ctx, input) => decide(ctx, input),

  /** The Pay out button: the payout decision, through the same step as every other. */
  'frozen:payout': (ctx, input) => decide(ctx, { ...input, decision: 'payout' }),

  /** The second pair of eyes: a different supervisor carries out the pending decision. */
  async 'frozen:approve'(ctx, input) {
    const me = ctx.session.operatorId;
    const now = ctx.now().toISOString();
    return decideOnce(ctx, input.idempotencyKey, input.id, input.expectedVersion, async (trx, c) => {
      refuseIf(approvalBlocker(factsOf(c), viewerOf(ctx)));
      const decision = c.decision as FreezeDecision;
      const done = await carryOut(ctx, trx, c, decision);
      await insertNote(trx, { entityType: 'freeze_case', entityId: c.id, operatorId: me, body: input.note, at: now });
      const auditId = await appendAudit(
        trx,
        caseAudit(ctx, c, 'freeze.approved', {
          before: {
            status: c.status,
            accountStatus: c.account_status,
            makerId: c.maker_id,
            balanceMinor: c.balance_minor,
          },
          after: { decision, checkerId: me, ...done },
          note: input.note,
        }),
      );
      return { auditId, customerId: c.customer_id, accountChanged: true };
    });
  },

  /** Sends the pending decision back to its maker, who owns the case again. */
  async 'frozen:reject'(ctx, input) {
    const me = ctx.session.operatorId;
    const now = ctx.now().toISOString();
    return decideOnce(ctx, input.idempotencyKey, input.id, input.expectedVersion, async (trx, c) => {
      refuseIf(reviewBlocker(factsOf(c), viewerOf(ctx)));
      await updateCase(trx, c, {
        status: 'in_review',
        owner_id: c.maker_id,
        decision: null,
        decision_reason: null,
        maker_id: null,
        checker_id: null,
      });
      await insertNote(trx, { entityType: 'freeze_case', entityId: c.id, operatorId: me, body: input.note, at: now });
      const auditId = await appendAudit(
        trx,
        caseAudit(ctx, c, 'freeze.rejected', {
          before: { status: c.status, decision: c.decision, makerId: c.maker_id },
          after: { status: 'in_review', ownerId: c.maker_id },
          note: input.note,
        }),
      );
      return { auditId, customerId: c.customer_id, accountChanged: false };
    });
  },
};
