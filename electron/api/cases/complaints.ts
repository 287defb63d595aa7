import { AppError } from '../../../shared/contract/errors';
import type { ServiceCaseDetail } from '../../../shared/contract/cases';
import { bindingDueAt, responseDueAt } from '../../../shared/domain/complaints';
import { appendAudit } from '../../db/audit';
import { readSettings } from '../../db/settings';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { once } from '../core/idempotency';
import { readComplaintClock } from './complaint-clock';
import { loadServiceCase } from './detail';
import {
  assertMayWorkCase,
  emitStep,
  insertServiceCase,
  noteAndAudit,
  resolveServiceCase,
  serviceCaseAudit,
  stepCase,
  updateServiceCase,
  type ServiceCaseState,
} from './store';
import { change } from '../core/change';

type OpenInput = Parameters<Handlers['complaints:open']>[1];

/** Every id a case links must be the customer's own: their account, transactions and contacts. */
export async function checkCustomerLinks(
  trx: Trx,
  input: { customerId: number; accountId?: number; transactionIds: number[]; contactIds: number[] },
): Promise<number> {
  const accounts = await trx.selectFrom('accounts').select('id').where('customer_id', '=', input.customerId).execute();
  if (!accounts.length) throw new AppError('NOT_FOUND', `No customer ${input.customerId}`);
  const own = new Set(accounts.map((a) => a.id));
  if (input.accountId !== undefined && !own.has(input.accountId)) {
    throw new AppError('ACCOUNT_NOT_CUSTOMERS', 'The account is not this customer’s');
  }
  const mine = async (table: 'transactions' | 'contacts', ids: number[]) => {
    if (!ids.length) return;
    const rows = await trx.selectFrom(table).select(['id', 'account_id']).where('id', 'in', ids).execute();
    if (rows.length !== new Set(ids).size || rows.some((r) => r.account_id === null || !own.has(r.account_id))) {
      throw new AppError('ACCOUNT_NOT_CUSTOMERS', `A linked ${table} row is not this customer’s`);
    }
  };
  await mine('transactions', input.transactionIds);
  await mine('contacts', input.contactIds);
  return input.accountId ?? accounts[0].id;
}

async function openComplaint(ctx: AuthedContext, input: OpenInput): Promise<ServiceCaseDetail> {
  const me = ctx.session.operatorId;
  const referral = input.regulator !== undefined;
  if (referral && (!input.referralNo?.trim() || !input.regulatorDueAt)) {
    throw new AppError('COMPLAINT_REFERRAL_INCOMPLETE', 'A referral needs its number and the regulator’s deadline');
  }
  const id = await once<number>(ctx, input.idempotencyKey, async (remember) => {
    const out = await change(ctx, async ({ trx }) => {
      const accountId = await checkCustomerLinks(trx, input);
      if (input.ownerId !== undefined) {
        const owner = await trx
          .selectFrom('operators')
          .select('disabled')
          .where('id', '=', input.ownerId)
          .executeTakeFirst();
        if (!owner || owner.disabled) throw new AppError('NOT_FOUND', `No active operator ${input.ownerId}`);
      }
      const now = ctx.now().toISOString();
      const ownDue = responseDueAt(
        now,
        (await readComplaintClock(trx)).responseDays,
        readSettings(ctx.engine).timeZone,
      );
      const regulatorDue = referral ? new Date(input.regulatorDueAt!).toISOString() : null;
      const c = await insertServiceCase(ctx, trx, {
        kind: 'complaint',
        status: 'open',
        customerId: input.customerId,
        accountId,
        contactId: input.contactIds[0] ?? null,
        summary: input.words.slice(0, 2000),
        openedBy: me,
        ownerId: input.ownerId ?? me,
        slaDueAt: bindingDueAt(ownDue, regulatorDue),
        transactionIds: input.transactionIds,
        contactIds: input.contactIds,
      });
      await trx
        .insertInto('complaint_details')
        .values({
          case_id: c.id,
          channel: input.channel,
          category: input.category,
          customer_words: input.words,
          regulator: input.regulator ?? null,
          referral_no: referral ? input.referralNo!.trim() : null,
          regulator_due_at: regulatorDue,
          own_due_at: ownDue,
        })
        .execute();
      const auditId = await appendAudit(
        trx,
        serviceCaseAudit(ctx, c.id, 'complaint.opened', {
          after: {
            caseNo: c.caseNo,
            category: input.category,
            channel: input.channel,
            regulator: input.regulator ?? null,
            referralNo: input.referralNo ?? null,
            dueAt: bindingDueAt(ownDue, regulatorDue),
          },
        }),
      );
      await remember(trx, c.id);
      return { id: c.id, auditId };
    });
    emitStep(ctx, [out.id], { auditId: out.auditId, customerIds: [input.customerId] });
    return out.id;
  });
  return loadServiceCase(ctx.db, id);
}

async function readComplaint(trx: Trx, c: ServiceCaseState) {
  if (c.kind !== 'complaint') throw new AppError('CASE_NOT_DECIDABLE', 'Not a complaint');
  return trx.selectFrom('complaint_details').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
}

export const complaintHandlers: Pick<Handlers, 'complaints:open' | 'complaints:extend' | 'complaints:respond'> = {
  'complaints:open': openComplaint,

  async 'complaints:extend'(ctx, input) {
    return stepCase(ctx, input, async (trx, c) => {
      assertMayWorkCase(ctx, c);
      const d = await readComplaint(trx, c);
      if (d.complex) throw new AppError('COMPLAINT_ALREADY_EXTENDED', 'Already extended');
      const ownDue = responseDueAt(
        c.opened_at,
        (await readComplaintClock(trx)).extendedDays,
        readSettings(ctx.engine).timeZone,
      );
      await trx
        .updateTable('complaint_details')
        .set({ complex: 1, extension_reason: input.reason, own_due_at: ownDue })
        .where('case_id', '=', c.id)
        .execute();
      const due = bindingDueAt(ownDue, d.regulator_due_at);
      await updateServiceCase(trx, c, {
        sla_due_at: due,
        status: c.status === 'open' ? 'in_progress' : c.status,
        owner_id: c.owner_id ?? ctx.session.operatorId,
      });
      const auditId = await noteAndAudit(ctx, trx, c, 'complaint.extended', input.reason, {
        before: { dueAt: c.sla_due_at, complex: false },
        after: { dueAt: due, complex: true },
      });
      return { auditId };
    });
  },

  async 'complaints:respond'(ctx, input) {
    return stepCase(ctx, input, async (trx, c) => {
      assertMayWorkCase(ctx, c);
      await readComplaint(trx, c);
      const now = ctx.now().toISOString();
      await trx
        .updateTable('complaint_details')
        .set({
          outcome: input.outcome,
          explanation: input.explanation,
          response_text: input.response,
          responded_at: now,
        })
        .where('case_id', '=', c.id)
        .execute();
      await resolveServiceCase(ctx, trx, c, input.outcome, input.explanation);
      const auditId = await noteAndAudit(ctx, trx, c, 'complaint.answered', input.explanation, {
        before: { status: c.status },
        after: { status: 'resolved', outcome: input.outcome, onTime: now <= c.sla_due_at, dueAt: c.sla_due_at },
        note: input.response,
      });
      return { auditId, customerIds: [c.customer_id] };
    });
  },
};
