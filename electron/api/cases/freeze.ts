import { AppError } from '../../../shared/contract/errors';
import type { ManualFreezeResult } from '../../../shared/contract/cases';
import type { AccountStatus } from '../../../shared/domain/catalog';
import { JUDICIAL_APPROVAL_SLA_HOURS } from '../../../shared/domain/cases';
import { SLA_HOURS } from '../../../shared/domain/freeze';
import {
  MANUAL_FREEZE,
  freezesAtOnce,
  manualEvidenceRule,
  manualFreezeBlocker,
  type ManualFreezeType,
} from '../../../shared/domain/manual-freeze';
import { appendAudit } from '../../db/audit';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { once } from '../core/idempotency';
import { actor } from '../core/permissions';
import { insertNote } from '../workspace/notes';
import {
  emitStep,
  insertServiceCase,
  nextNumber,
  serviceCaseAudit,
  type ServiceCaseState,
  type StepOutcome,
} from './store';
import { change } from '../core/change';

const HOUR = 3_600_000;

type FreezeInput = Parameters<Handlers['cases:freeze']>[1];

export async function readAccount(trx: Trx, accountId: number) {
  const a = await trx
    .selectFrom('accounts')
    .select(['id', 'customer_id', 'status'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!a) throw new AppError('NOT_FOUND', `No account ${accountId}`);
  return { ...a, status: a.status as AccountStatus };
}

async function operatorNames(trx: Trx, ids: (number | null)[]) {
  const wanted = ids.filter((i): i is number => i !== null);
  const rows = await trx.selectFrom('operators').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/**
 * A judicial freeze in force, or one waiting for a supervisor, on this account. Such an
 * order blocks every debit and every closure (FREEZE_RULES), so a closure checks it too.
 */
export async function judicialPending(trx: Trx, accountId: number): Promise<boolean> {
  const inForce = await trx
    .selectFrom('freeze_cases')
    .select('id')
    .where('account_id', '=', accountId)
    .where('reason', '=', 'judicial')
    .where('status', 'not in', ['unfrozen', 'closed'])
    .executeTakeFirst();
  const waiting = await trx
    .selectFrom('service_cases')
    .select('id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'judicial_freeze')
    .where('active', '=', 1)
    .executeTakeFirst();
  return !!(inForce || waiting);
}

/** The evidence must be about this account: its own transactions, a contact about it (or about no one yet). */
async function checkEvidence(trx: Trx, accountId: number, transactionIds: number[], contactId: number | undefined) {
  if (transactionIds.length) {
    const own = await trx
      .selectFrom('transactions')
      .select('id')
      .where('id', 'in', transactionIds)
      .where('account_id', '=', accountId)
      .execute();
    if (own.length !== new Set(transactionIds).size) {
      throw new AppError('EVIDENCE_NOT_ON_ACCOUNT', 'A linked transaction is not on this account');
    }
  }
  if (contactId !== undefined) {
    const k = await trx.selectFrom('contacts').select('account_id').where('id', '=', contactId).executeTakeFirst();
    if (!k) throw new AppError('NOT_FOUND', `No contact ${contactId}`);
    if (k.account_id !== null && k.account_id !== accountId) {
      throw new AppError('CONTACT_CASE_MISMATCH', `Contact ${contactId} is about another account`);
    }
  }
}

export interface FreezeFacts {
  accountId: number;
  customerId: number;
  type: ManualFreezeType;
  reason: string;
  transactionIds: number[];
  contactId: number | null;
  documentReference: string | null;
  orderReference: string | null;
  authority: string | null;
  /** Who asked for the freeze, and who confirmed it (a judicial one). */
  requestedBy: number;
  approvedBy: number | null;
}

/** Opens the freeze case and freezes the account (the 0130 trigger does it too), in the caller's transaction. */
export async function openManualFreeze(ctx: AuthedContext, trx: Trx, f: FreezeFacts) {
  const now = ctx.now();
  const { reason, risk } = MANUAL_FREEZE[f.type];
  const caseNo = await nextNumber(trx, 'freeze_cases', 'FC');
  const before = (await readAccount(trx, f.accountId)).status;
  const names = await operatorNames(trx, [f.requestedBy, f.approvedBy]);
  const evidence: Record<string, string | number> = { requestedBy: names.get(f.requestedBy) ?? f.requestedBy };
  if (f.documentReference) evidence.documentReference = f.documentReference;
  if (f.orderReference) evidence.orderReference = f.orderReference;
  if (f.authority) evidence.authority = f.authority;
  if (f.contactId) evidence.contactId = f.contactId;
  if (f.approvedBy) evidence.approvedBy = names.get(f.approvedBy) ?? f.approvedBy;
  const { id } = await trx
    .insertInto('freeze_cases')
    .values({
      case_no: caseNo,
      account_id: f.accountId,
      reason,
      risk,
      status: 'open',
      evidence_rule: manualEvidenceRule(f.type),
      evidence_json: JSON.stringify(evidence),
      frozen_at: now.toISOString(),
      sla_due_at: new Date(now.getTime() + SLA_HOURS[risk] * HOUR).toISOString(),
      owner_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The insert trigger freezes an active account already; this says so where the rule is read.
  await trx
    .updateTable('accounts')
    .set((eb) => ({ status: 'frozen', version: eb('version', '+', 1) }))
    .where('id', '=', f.accountId)
    .where('status', '<>', 'frozen')
    .execute();
  for (const t of new Set(f.transactionIds)) {
    await trx.insertInto('freeze_case_transactions').values({ case_id: id, transaction_id: t }).execute();
  }
  if (f.contactId) {
    await trx
      .updateTable('contacts')
      .set({ case_id: id, account_id: f.accountId })
      .where('id', '=', f.contactId)
      .execute();
  }
  const at = now.toISOString();
  await insertNote(trx, { entityType: 'freeze_case', entityId: id, operatorId: f.requestedBy, body: f.reason, at });
  const auditId = await appendAudit(trx, {
    ...actor(ctx),
    action: 'freeze.manual',
    entityType: 'freeze_case',
    entityId: id,
    before: { accountStatus: before },
    after: { caseNo, type: f.type, reason, risk, accountStatus: 'frozen', transactions: f.transactionIds.length },
    note: f.reason,
  });
  return { id, caseNo, auditId };
}

/** A judicial freeze request: a service case waiting for a supervisor, holding the order's facts. */
async function openJudicialRequest(ctx: AuthedContext, trx: Trx, f: FreezeFacts) {
  const { id, caseNo } = await insertServiceCase(ctx, trx, {
    kind: 'judicial_freeze',
    status: 'awaiting_approval',
    customerId: f.customerId,
    accountId: f.accountId,
    contactId: f.contactId,
    summary: f.reason,
    openedBy: f.requestedBy,
    makerId: f.requestedBy,
    decision: 'freeze',
    slaDueAt: new Date(ctx.now().getTime() + JUDICIAL_APPROVAL_SLA_HOURS * HOUR).toISOString(),
    transactionIds: f.transactionIds,
  });
  await trx
    .insertInto('freeze_requests')
    .values({
      case_id: id,
      account_id: f.accountId,
      freeze_type: f.type,
      reason: f.reason,
      order_reference: f.orderReference,
      authority: f.authority,
      document_reference: f.documentReference,
    })
    .execute();
  const auditId = await appendAudit(
    trx,
    serviceCaseAudit(ctx, id, 'case.opened', {
      after: { caseNo, kind: 'judicial_freeze', accountId: f.accountId, orderReference: f.orderReference },
      note: f.reason,
    }),
  );
  return { id, caseNo, auditId };
}

async function manualFreeze(ctx: AuthedContext, input: FreezeInput): Promise<ManualFreezeResult> {
  const me = ctx.session.operatorId;
  return once<ManualFreezeResult>(ctx, input.idempotencyKey, async (remember) => {
    const out = await change(ctx, async ({ trx }) => {
      const account = await readAccount(trx, input.accountId);
      const blocker = manualFreezeBlocker({
        type: input.type,
        accountStatus: account.status,
        judicialPending: input.type === 'judicial' && (await judicialPending(trx, account.id)),
        orderReference: input.orderReference,
      });
      if (blocker) throw new AppError(blocker, `Cannot freeze: ${blocker}`);
      await checkEvidence(trx, account.id, input.transactionIds, input.contactId);
      const facts: FreezeFacts = {
        accountId: account.id,
        customerId: account.customer_id,
        type: input.type,
        reason: input.reason,
        transactionIds: input.transactionIds,
        contactId: input.contactId ?? null,
        documentReference: input.documentReference || null,
        orderReference: input.orderReference || null,
        authority: input.authority || null,
        requestedBy: me,
        approvedBy: null,
      };
      let result: ManualFreezeResult;
      let auditId: number;
      if (freezesAtOnce(input.type)) {
        const fc = await openManualFreeze(ctx, trx, facts);
        auditId = fc.auditId;
        result = { frozen: true, freezeCaseId: fc.id, freezeCaseNo: fc.caseNo, requestId: null, requestNo: null };
      } else {
        const req = await openJudicialRequest(ctx, trx, facts);
        auditId = req.auditId;
        result = { frozen: false, freezeCaseId: null, freezeCaseNo: null, requestId: req.id, requestNo: req.caseNo };
      }
      await remember(trx, result);
      return { result, auditId, customerId: account.customer_id };
    });
    emitStep(ctx, out.result.requestId ? [out.result.requestId] : [], {
      auditId: out.auditId,
      customerIds: [out.customerId],
      freezeCaseIds: out.result.freezeCaseId ? [out.result.freezeCaseId] : [],
    });
    return out.result;
  });
}

/** A supervisor confirms the order: the judicial freeze case opens and the account freezes, now. */
export async function approveJudicialFreeze(ctx: AuthedContext, trx: Trx, c: ServiceCaseState): Promise<StepOutcome> {
  const r = await trx.selectFrom('freeze_requests').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
  const account = await readAccount(trx, r.account_id);
  if (account.status === 'closed') throw new AppError('ACCOUNT_CLOSED', 'The account is closed');
  const links = await trx
    .selectFrom('service_case_links')
    .select('target_id')
    .where('case_id', '=', c.id)
    .where('target', '=', 'transaction')
    .execute();
  const fc = await openManualFreeze(ctx, trx, {
    accountId: r.account_id,
    customerId: account.customer_id,
    type: r.freeze_type as ManualFreezeType,
    reason: r.reason,
    transactionIds: links.map((l) => l.target_id),
    contactId: c.contact_id,
    documentReference: r.document_reference,
    orderReference: r.order_reference,
    authority: r.authority,
    requestedBy: c.maker_id ?? c.opened_by,
    approvedBy: ctx.session.operatorId,
  });
  await trx.updateTable('freeze_requests').set({ freeze_case_id: fc.id }).where('case_id', '=', c.id).execute();
  return { auditId: fc.auditId, customerIds: [account.customer_id], freezeCaseIds: [fc.id] };
}

export const freezeHandlers: Pick<Handlers, 'cases:freeze'> = {
  'cases:freeze': manualFreeze,
};
