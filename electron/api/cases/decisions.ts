import { AppError } from '../../../shared/contract/errors';
import { needsFourEyes, type ServiceCaseKind, type ServiceCaseStatus } from '../../../shared/domain/cases';
import { appendAudit } from '../../db/audit';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { insertNote } from '../workspace/notes';
import { approveClosure } from './closure';
import { approveJudicialFreeze } from './freeze';
import { approveIdentity } from './identity';
import {
  assertMayWorkCase,
  serviceCaseAudit,
  stepCase,
  updateServiceCase,
  type ServiceCaseState,
  type StepOutcome,
} from './store';

/** What approving a kind's pending case carries out, inside the approval's transaction. */
type ApprovalEffect = (ctx: AuthedContext, trx: Trx, c: ServiceCaseState) => Promise<StepOutcome | null>;

const APPROVAL_EFFECTS: Partial<Record<ServiceCaseKind, ApprovalEffect>> = {
  judicial_freeze: approveJudicialFreeze,
  closure: approveClosure,
  identity: approveIdentity,
};

/** The second pair of eyes: a supervisor who is not the maker moves an awaiting case on, with a note. */
async function secondLook(
  ctx: AuthedContext,
  channel: 'cases:approve' | 'cases:reject',
  input: Parameters<Handlers['cases:approve']>[1],
) {
  const me = ctx.session.operatorId;
  const to: ServiceCaseStatus = channel === 'cases:approve' ? 'approved' : 'rejected';
  return stepCase(ctx, input, async (trx, c) => {
    if (c.status !== 'awaiting_approval') throw new AppError('CASE_NOT_DECIDABLE', 'Nothing to approve');
    if (needsFourEyes(c.kind, c.status, to) && (c.maker_id === me || c.opened_by === me)) {
      throw new AppError('MAKER_CANNOT_APPROVE', 'The maker cannot approve or reject their own request');
    }
    const effect = to === 'approved' ? await APPROVAL_EFFECTS[c.kind]?.(ctx, trx, c) : null;
    const now = ctx.now().toISOString();
    await updateServiceCase(trx, c, {
      status: to,
      checker_id: me,
      decided_at: now,
      decision_note: input.note,
      owner_id: c.owner_id ?? me,
    });
    await insertNote(trx, { entityType: 'service_case', entityId: c.id, operatorId: me, body: input.note, at: now });
    const auditId = await appendAudit(
      trx,
      serviceCaseAudit(ctx, c.id, to === 'approved' ? 'case.approved' : 'case.rejected', {
        before: { status: c.status, makerId: c.maker_id },
        after: { status: to, checkerId: me, ...(effect?.freezeCaseIds ? { freezeCaseIds: effect.freezeCaseIds } : {}) },
        note: input.note,
      }),
    );
    return { ...effect, auditId };
  });
}

/** Hands the case to an owner (oneself, or another active operator), with its audit event. */
async function setOwner(ctx: AuthedContext, input: { id: number; expectedVersion: number }, ownerId: number | null) {
  if (ownerId !== null) {
    const op = await ctx.db.selectFrom('operators').select('disabled').where('id', '=', ownerId).executeTakeFirst();
    if (!op || op.disabled) throw new AppError('NOT_FOUND', `No active operator ${ownerId}`);
  }
  return stepCase(ctx, input, async (trx, c) => {
    assertMayWorkCase(ctx, c);
    const action =
      ownerId === null ? 'case.released' : ownerId === ctx.session.operatorId ? 'case.claimed' : 'case.assigned';
    await updateServiceCase(trx, c, { owner_id: ownerId });
    const auditId = await appendAudit(
      trx,
      serviceCaseAudit(ctx, c.id, action, { before: { ownerId: c.owner_id }, after: { ownerId } }),
    );
    return { auditId };
  });
}

export const caseDecisionHandlers: Pick<
  Handlers,
  'cases:claim' | 'cases:release' | 'cases:assign' | 'cases:approve' | 'cases:reject'
> = {
  'cases:claim': (ctx, input) => setOwner(ctx, input, ctx.session.operatorId),
  'cases:release': (ctx, input) => setOwner(ctx, input, null),
  'cases:assign': (ctx, input) => setOwner(ctx, input, input.ownerId),
  'cases:approve': (ctx, input) => secondLook(ctx, 'cases:approve', input),
  'cases:reject': (ctx, input) => secondLook(ctx, 'cases:reject', input),
};
