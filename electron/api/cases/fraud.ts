import { AppError } from '../../../shared/contract/errors';
import type { ServiceCaseDetail } from '../../../shared/contract/cases';
import { FRAUD_SLA_HOURS, normalizeFakeNumber, payeeOf } from '../../../shared/domain/fraud';
import { manualFreezeBlocker } from '../../../shared/domain/manual-freeze';
import { appendAudit } from '../../db/audit';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { once } from '../core/idempotency';
import { insertNote } from '../workspace/notes';
import { checkCustomerLinks } from './complaints';
import { loadServiceCase } from './detail';
import { openManualFreeze, readAccount } from './freeze';
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

type OpenInput = Parameters<Handlers['fraud:open']>[1];
const HOUR = 3_600_000;

/** Puts the number on the blocklist, or counts one more report of it. */
async function blocklist(trx: Trx, number: string, caseId: number, at: string) {
  await trx
    .insertInto('fake_numbers')
    .values({ number, first_case_id: caseId, last_case_id: caseId, last_reported_at: at })
    .onConflict((oc) =>
      oc.column('number').doUpdateSet((eb) => ({
        reports: eb('fake_numbers.reports', '+', 1),
        last_case_id: caseId,
        last_reported_at: at,
      })),
    )
    .execute();
}

/** Flags where the victim's money went: the payee of each linked transaction. */
async function flagPayees(trx: Trx, caseId: number, transactionIds: number[], at: string): Promise<string[]> {
  if (!transactionIds.length) return [];
  const rows = await trx
    .selectFrom('transactions')
    .select(['id', 'counterparty', 'merchant'])
    .where('id', 'in', transactionIds)
    .execute();
  const flags = rows.flatMap((t) => {
    const payee = payeeOf(t);
    return payee ? [{ payee, case_id: caseId, transaction_id: t.id, flagged_at: at }] : [];
  });
  if (flags.length)
    await trx
      .insertInto('flagged_payees')
      .values(flags)
      .onConflict((oc) => oc.doNothing())
      .execute();
  return [...new Set(flags.map((f) => f.payee))];
}

async function openFraudReport(ctx: AuthedContext, input: OpenInput): Promise<ServiceCaseDetail> {
  const me = ctx.session.operatorId;
  const fakeNumber = normalizeFakeNumber(input.fakeNumber);
  if (!fakeNumber) throw new AppError('FAKE_NUMBER_INVALID', 'Not a phone number or account handle');
  const id = await once<number>(ctx, input.idempotencyKey, async (remember) => {
    const out = await change(ctx, async ({ trx }) => {
      const accountId = await checkCustomerLinks(trx, {
        customerId: input.customerId,
        accountId: input.accountId,
        transactionIds: input.transactionIds,
        contactIds: input.contactId ? [input.contactId] : [],
      });
      const at = ctx.now().toISOString();
      const c = await insertServiceCase(ctx, trx, {
        kind: 'fraud_report',
        status: 'open',
        customerId: input.customerId,
        accountId,
        contactId: input.contactId ?? null,
        summary: input.words,
        openedBy: me,
        ownerId: me,
        slaDueAt: new Date(ctx.now().getTime() + FRAUD_SLA_HOURS * HOUR).toISOString(),
        transactionIds: input.transactionIds,
      });
      // The victim's account is frozen with the report, so what is left cannot follow the rest.
      let freeze: { id: number; caseNo: string } | null = null;
      if (input.freeze) {
        const account = await readAccount(trx, accountId);
        const blocker = manualFreezeBlocker({
          type: 'suspected_takeover',
          accountStatus: account.status,
          judicialPending: false,
        });
        if (blocker) throw new AppError(blocker, `Cannot freeze: ${blocker}`);
        freeze = await openManualFreeze(ctx, trx, {
          accountId,
          customerId: input.customerId,
          type: 'suspected_takeover',
          reason: input.words,
          transactionIds: input.transactionIds,
          contactId: input.contactId ?? null,
          documentReference: c.caseNo,
          orderReference: null,
          authority: null,
          requestedBy: me,
          approvedBy: null,
        });
      }
      await trx
        .insertInto('fraud_reports')
        .values({
          case_id: c.id,
          scheme: input.scheme,
          fake_number: fakeNumber,
          loss_minor: input.lossMinor,
          currency: input.currency,
          freeze_case_id: freeze?.id ?? null,
        })
        .execute();
      await blocklist(trx, fakeNumber, c.id, at);
      const payees = await flagPayees(trx, c.id, input.transactionIds, at);
      await insertNote(trx, { entityType: 'service_case', entityId: c.id, operatorId: me, body: input.words, at });
      const auditId = await appendAudit(
        trx,
        serviceCaseAudit(ctx, c.id, 'fraud.reported', {
          after: {
            caseNo: c.caseNo,
            scheme: input.scheme,
            fakeNumber,
            lossMinor: input.lossMinor,
            currency: input.currency,
            flaggedPayees: payees,
            freezeCaseNo: freeze?.caseNo ?? null,
          },
          note: input.words,
        }),
      );
      await remember(trx, c.id);
      return { id: c.id, auditId, freezeCaseIds: freeze ? [freeze.id] : [] };
    });
    emitStep(ctx, [out.id], {
      auditId: out.auditId,
      customerIds: [input.customerId],
      freezeCaseIds: out.freezeCaseIds,
    });
    return out.id;
  });
  return loadServiceCase(ctx.db, id);
}

async function readFraud(trx: Trx, c: ServiceCaseState) {
  if (c.kind !== 'fraud_report') throw new AppError('CASE_NOT_DECIDABLE', 'Not a fraud report');
  return trx.selectFrom('fraud_reports').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
}

export const fraudHandlers: Pick<Handlers, 'fraud:open' | 'fraud:recall' | 'fraud:resolve'> = {
  'fraud:open': openFraudReport,

  async 'fraud:recall'(ctx, input) {
    return stepCase(ctx, input, async (trx, c) => {
      assertMayWorkCase(ctx, c);
      const d = await readFraud(trx, c);
      if (d.recall_reference !== null) throw new AppError('FRAUD_RECALL_RECORDED', 'A recall is already recorded');
      await trx
        .updateTable('fraud_reports')
        .set({ recall_reference: input.reference, recall_requested_at: ctx.now().toISOString() })
        .where('case_id', '=', c.id)
        .execute();
      await updateServiceCase(trx, c, { status: 'in_progress', owner_id: c.owner_id ?? ctx.session.operatorId });
      const auditId = await noteAndAudit(ctx, trx, c, 'fraud.recallRequested', input.note, {
        before: { status: c.status },
        after: { status: 'in_progress', recallReference: input.reference },
      });
      return { auditId };
    });
  },

  async 'fraud:resolve'(ctx, input) {
    return stepCase(ctx, input, async (trx, c) => {
      assertMayWorkCase(ctx, c);
      await readFraud(trx, c);
      await resolveServiceCase(ctx, trx, c, 'resolved', input.note);
      const auditId = await noteAndAudit(ctx, trx, c, 'fraud.resolved', input.note, {
        before: { status: c.status },
        after: { status: 'resolved' },
      });
      return { auditId, customerIds: [c.customer_id] };
    });
  },
};
