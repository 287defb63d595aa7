import type { Updateable } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { FreezeCaseDetail } from '../../../shared/contract/frozen';
import { needsSecondApproval, unfreezeBlocker } from '../../../shared/domain/freeze';
import { appendAudit } from '../../db/audit';
import type { FreezeCasesTable } from '../../db/schema';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { loadCaseDetail } from './detail';
import { assertMayWork, caseAudit, readCase, updateCase, type CaseState } from './actions';
import { onceByKey } from '../core/idempotency';
import { insertNote } from '../workspace/notes';
import { payOutToVerifiedCard } from './card-payout';

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
  const { result, replayed } = await ctx.db.transaction().execute((trx) =>
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
  return loadCaseDetail(ctx.db, id);
}

export async function setAccountStatus(trx: Trx, accountId: number, status: 'active' | 'frozen' | 'closed') {
  await trx
    .updateTable('accounts')
    .set((eb) => ({ status, version: eb('version', '+', 1) }))
    .where('id', '=', accountId)
    .execute();
}

async function checksDone(trx: Trx, caseId: number): Promise<string[]> {
  const rows = await trx.selectFrom('identity_checks').select('check_kind').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.check_kind);
}

export const frozenDecisionHandlers: Pick<
  Handlers,
  'frozen:decide' | 'frozen:approve' | 'frozen:reject' | 'frozen:payout'
> = {
  async 'frozen:decide'(ctx, input) {
    const me = ctx.session.operatorId;
    const now = ctx.now().toISOString();
    return decideOnce(ctx, input.idempotencyKey, input.id, input.expectedVersion, async (trx, c) => {
      assertMayWork(ctx, c);
      const risk = c.risk;
      let set: Updateable<FreezeCasesTable>;
      let account = c.account_status;
      const awaiting: Updateable<FreezeCasesTable> = { status: 'awaiting_second_approval', decided_at: null };
      switch (input.decision) {
        case 'unfreeze': {
          const blocker = unfreezeBlocker({
            reason: c.reason,
            status: c.status,
            checks: await checksDone(trx, c.id),
          });
          if (blocker) throw new AppError(blocker, `Cannot unfreeze: ${blocker}`);
          if (needsSecondApproval('unfreeze', risk)) set = awaiting;
          else {
            set = { status: 'unfrozen', decided_at: now };
            account = 'active';
          }
          break;
        }
        case 'keep_frozen':
          if (!input.reviewAt) throw new AppError('REVIEW_DATE_REQUIRED', 'A review date is required');
          if (new Date(input.reviewAt).getTime() <= ctx.now().getTime()) {
            throw new AppError('REVIEW_DATE_IN_PAST', 'The review date must be in the future');
          }
          set = { status: 'kept_frozen', review_at: new Date(input.reviewAt).toISOString(), owner_id: null };
          set.decided_at = now;
          break;
        case 'close':
          if (c.balance_minor > 0) throw new AppError('BALANCE_NOT_ZERO', 'Pay the balance out first');
          set = awaiting;
          break;
        case 'escalate':
          set = { status: 'escalated', owner_id: null, decided_at: null };
          break;
      }
      await updateCase(trx, c, {
        ...set,
        decision: input.decision,
        decision_reason: input.reasonCode,
        maker_id: me,
        checker_id: null,
      });
      if (account === 'active' && c.account_status !== 'active') await setAccountStatus(trx, c.account_id, 'active');
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
  },

  /** The second pair of eyes: a different supervisor carries out the pending decision. */
  async 'frozen:approve'(ctx, input) {
    const me = ctx.session.operatorId;
    const now = ctx.now().toISOString();
    return decideOnce(ctx, input.idempotencyKey, input.id, input.expectedVersion, async (trx, c) => {
      if (c.status !== 'awaiting_second_approval') throw new AppError('CASE_NOT_DECIDABLE', 'Nothing to approve');
      if (c.maker_id === me) throw new AppError('MAKER_CANNOT_APPROVE', 'The maker cannot approve');
      const decision = c.decision;
      let account: 'active' | 'closed';
      if (decision === 'unfreeze') {
        const blocker = unfreezeBlocker({
          reason: c.reason,
          status: 'in_review',
          checks: await checksDone(trx, c.id),
        });
        if (blocker) throw new AppError(blocker, `Cannot unfreeze: ${blocker}`);
        account = 'active';
      } else {
        if (c.balance_minor > 0) throw new AppError('BALANCE_NOT_ZERO', 'Pay the balance out first');
        account = 'closed';
      }
      const status = decision === 'unfreeze' ? 'unfrozen' : 'closed';
      await updateCase(trx, c, { status, checker_id: me, decided_at: now });
      await setAccountStatus(trx, c.account_id, account);
      await insertNote(trx, { entityType: 'freeze_case', entityId: c.id, operatorId: me, body: input.note, at: now });
      const auditId = await appendAudit(
        trx,
        caseAudit(ctx, c, 'freeze.approved', {
          before: { status: c.status, accountStatus: c.account_status, makerId: c.maker_id },
          after: { decision, status, accountStatus: account, checkerId: me },
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
      if (c.status !== 'awaiting_second_approval') throw new AppError('CASE_NOT_DECIDABLE', 'Nothing to reject');
      if (c.maker_id === me) throw new AppError('MAKER_CANNOT_APPROVE', 'The maker cannot reject their own decision');
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

  async 'frozen:payout'(ctx, input) {
    const now = ctx.now().toISOString();
    return decideOnce(ctx, input.idempotencyKey, input.id, input.expectedVersion, async (trx, c) => {
      assertMayWork(ctx, c);
      if (c.balance_minor <= 0) throw new AppError('CASE_NOT_DECIDABLE', 'There is no balance to pay out');
      const { cardNo, txnNo } = await payOutToVerifiedCard(trx, {
        accountId: c.account_id,
        balanceMinor: c.balance_minor,
        currency: c.currency,
        reference: c.case_no,
        now,
      });
      await updateCase(trx, c, {});
      const auditId = await appendAudit(
        trx,
        caseAudit(ctx, c, 'freeze.payout', {
          before: { balanceMinor: c.balance_minor },
          after: { balanceMinor: 0, paidMinor: c.balance_minor, card: cardNo, txnNo },
        }),
      );
      return { auditId, customerId: c.customer_id, accountChanged: true };
    });
  },
};
