import { AppError } from '../../../shared/contract/errors';
import type { ServiceCaseDetail } from '../../../shared/contract/cases';
import { closureBlocker, coolingOffOver, coolingOffUntil } from '../../../shared/domain/closure';
import { appendAudit } from '../../db/audit';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { once } from '../core/idempotency';
import { payOutToVerifiedCard } from '../frozen/card-payout';
import { insertNote } from '../workspace/notes';
import { loadServiceCase } from './detail';
import { judicialPending, readAccount } from './freeze';
import {
  assertMayWorkCase,
  emitStep,
  insertServiceCase,
  noteAndAudit,
  serviceCaseAudit,
  stepCase,
  updateServiceCase,
  type ServiceCaseState,
  type StepOutcome,
} from './store';
import { change } from '../core/change';

type OpenInput = Parameters<Handlers['closure:open']>[1];

async function openClosure(ctx: AuthedContext, input: OpenInput): Promise<ServiceCaseDetail> {
  const me = ctx.session.operatorId;
  const id = await once<number>(ctx, input.idempotencyKey, async (remember) => {
    const out = await change(ctx, async ({ trx }) => {
      const account = await readAccount(trx, input.accountId);
      const open = await trx
        .selectFrom('service_cases')
        .select('id')
        .where('account_id', '=', account.id)
        .where('kind', '=', 'closure')
        .where('active', '=', 1)
        .executeTakeFirst();
      const blocker = closureBlocker({ accountStatus: account.status, checks: input.checks, openRequest: !!open });
      if (blocker) throw new AppError(blocker, `Cannot open a closure: ${blocker}`);
      await refuseUnderJudicialOrder(trx, account.id);
      if (input.contactId !== undefined) {
        const k = await trx
          .selectFrom('contacts')
          .select('account_id')
          .where('id', '=', input.contactId)
          .executeTakeFirst();
        if (!k) throw new AppError('NOT_FOUND', `No contact ${input.contactId}`);
        if (k.account_id !== null && k.account_id !== account.id) {
          throw new AppError('CONTACT_CASE_MISMATCH', `Contact ${input.contactId} is about another account`);
        }
      }
      const at = ctx.now().toISOString();
      const until = coolingOffUntil(at);
      const c = await insertServiceCase(ctx, trx, {
        kind: 'closure',
        status: 'cooling_off',
        customerId: account.customer_id,
        accountId: account.id,
        contactId: input.contactId ?? null,
        summary: input.reason,
        openedBy: me,
        ownerId: me,
        makerId: me,
        decision: 'close',
        slaDueAt: until,
      });
      await trx
        .insertInto('closure_requests')
        .values({
          case_id: c.id,
          account_id: account.id,
          checks_json: JSON.stringify([...new Set(input.checks)]),
          cooling_off_until: until,
        })
        .execute();
      await insertNote(trx, { entityType: 'service_case', entityId: c.id, operatorId: me, body: input.reason, at });
      const auditId = await appendAudit(
        trx,
        serviceCaseAudit(ctx, c.id, 'closure.requested', {
          after: { caseNo: c.caseNo, accountId: account.id, checks: input.checks, coolingOffUntil: until },
          note: input.reason,
        }),
      );
      await remember(trx, c.id);
      return { id: c.id, auditId, customerId: account.customer_id };
    });
    emitStep(ctx, [out.id], { auditId: out.auditId, customerIds: [out.customerId] });
    return out.id;
  });
  return loadServiceCase(ctx.db, id);
}

/** A court's order (in force or awaiting confirmation) blocks the closure and its payout (FREEZE_RULES). */
async function refuseUnderJudicialOrder(trx: Trx, accountId: number): Promise<void> {
  if (await judicialPending(trx, accountId)) {
    throw new AppError('JUDICIAL_FREEZE', 'A judicial freeze on the account blocks its closure');
  }
}

async function readClosure(trx: Trx, c: ServiceCaseState) {
  if (c.kind !== 'closure') throw new AppError('CASE_NOT_DECIDABLE', 'Not a closure request');
  return trx.selectFrom('closure_requests').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
}

/**
 * The second person approves: the balance goes to the customer's verified card and the
 * account closes, in the approval's transaction (the 0130 trigger refuses an approval without it).
 */
export async function approveClosure(ctx: AuthedContext, trx: Trx, c: ServiceCaseState): Promise<StepOutcome> {
  const r = await readClosure(trx, c);
  const account = await trx
    .selectFrom('accounts')
    .select(['id', 'status', 'balance_minor', 'currency'])
    .where('id', '=', r.account_id)
    .executeTakeFirstOrThrow();
  if (account.status !== 'active') throw new AppError('ACCOUNT_NOT_ACTIVE', `The account is ${account.status}`);
  await refuseUnderJudicialOrder(trx, account.id);
  const now = ctx.now().toISOString();
  const payout =
    account.balance_minor > 0
      ? await payOutToVerifiedCard(trx, {
          accountId: account.id,
          balanceMinor: account.balance_minor,
          currency: account.currency,
          reference: c.case_no,
          now,
        })
      : null;
  await trx
    .updateTable('accounts')
    .set((eb) => ({ status: 'closed', version: eb('version', '+', 1) }))
    .where('id', '=', account.id)
    .execute();
  await trx
    .updateTable('closure_requests')
    .set({ payout_txn_id: payout?.txnId ?? null, paid_minor: account.balance_minor })
    .where('case_id', '=', c.id)
    .execute();
  const auditId = await appendAudit(
    trx,
    serviceCaseAudit(ctx, c.id, 'closure.closed', {
      before: { accountStatus: 'active', balanceMinor: account.balance_minor },
      after: { accountStatus: 'closed', paidMinor: account.balance_minor, card: payout?.cardNo ?? null },
    }),
  );
  return { auditId, customerIds: [c.customer_id] };
}

export const closureHandlers: Pick<Handlers, 'closure:open' | 'closure:submit' | 'closure:withdraw'> = {
  'closure:open': openClosure,

  async 'closure:submit'(ctx, input) {
    return stepCase(ctx, input, async (trx, c) => {
      assertMayWorkCase(ctx, c);
      const r = await readClosure(trx, c);
      if (c.status !== 'cooling_off') throw new AppError('CASE_STATUS_MOVE', `The request is ${c.status}`);
      if (!coolingOffOver(r.cooling_off_until, ctx.now())) {
        throw new AppError('CLOSURE_COOLING_OFF', 'The cooling-off period is not over');
      }
      const me = ctx.session.operatorId;
      await updateServiceCase(trx, c, { status: 'awaiting_approval', maker_id: me, owner_id: c.owner_id ?? me });
      const auditId = await appendAudit(
        trx,
        serviceCaseAudit(ctx, c.id, 'closure.submitted', {
          before: { status: c.status },
          after: { status: 'awaiting_approval', makerId: me },
        }),
      );
      return { auditId };
    });
  },

  async 'closure:withdraw'(ctx, input) {
    return stepCase(ctx, input, async (trx, c) => {
      assertMayWorkCase(ctx, c);
      await readClosure(trx, c);
      await updateServiceCase(trx, c, { status: 'withdrawn', decided_at: ctx.now().toISOString() });
      const auditId = await noteAndAudit(ctx, trx, c, 'closure.withdrawn', input.note, {
        before: { status: c.status },
        after: { status: 'withdrawn' },
      });
      return { auditId };
    });
  },
};
