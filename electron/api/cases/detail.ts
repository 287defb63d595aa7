import type { Kysely } from 'kysely';
import type { ServiceCaseDetail } from '../../../shared/contract/cases';
import type { CaseContact, CaseTransaction } from '../../../shared/contract/frozen';
import type { ComplaintFacts } from '../../../shared/contract/complaints';
import { AppError } from '../../../shared/contract/errors';
import type { ManualFreezeType } from '../../../shared/domain/manual-freeze';
import type { AccountStatus } from '../../../shared/domain/catalog';
import type { DB } from '../../db/schema';
import { closureOf, fraudOf, identityOf } from './kind-facts';
import { caseRowColumns, toCaseRow } from './queries';

type Db = Kysely<DB>;
type CaseEb = Parameters<typeof caseRowColumns>[0];
const operatorName = (eb: CaseEb, ref: 'sc.opened_by' | 'sc.maker_id' | 'sc.checker_id') =>
  eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', ref);

/** The transactions and contacts linked to a case, newest first. */
async function linked(db: Db, caseId: number): Promise<{ transactions: CaseTransaction[]; contacts: CaseContact[] }> {
  const txns = await db
    .selectFrom('service_case_links as l')
    .innerJoin('transactions as t', 't.id', 'l.target_id')
    .select(['t.id', 't.txn_no', 't.operation', 't.amount_minor', 't.currency', 't.status'])
    .select(['t.counterparty', 't.merchant', 't.created_at'])
    .where('l.case_id', '=', caseId)
    .where('l.target', '=', 'transaction')
    .orderBy('t.created_at', 'desc')
    .limit(50)
    .execute();
  const contacts = await db
    .selectFrom('service_case_links as l')
    .innerJoin('contacts as k', 'k.id', 'l.target_id')
    .leftJoin('operators as o', 'o.id', 'k.agent_id')
    .select(['k.id', 'k.channel', 'k.category', 'k.outcome', 'k.started_at', 'k.note', 'o.display_name'])
    .where('l.case_id', '=', caseId)
    .where('l.target', '=', 'contact')
    .orderBy('k.started_at', 'desc')
    .limit(50)
    .execute();
  return {
    transactions: txns.map((t) => ({
      id: t.id,
      txnNo: t.txn_no,
      operation: t.operation as CaseTransaction['operation'],
      amountMinor: t.amount_minor,
      currency: t.currency as CaseTransaction['currency'],
      status: t.status as CaseTransaction['status'],
      counterparty: t.counterparty,
      merchant: t.merchant,
      createdAt: t.created_at,
    })),
    contacts: contacts.map((k) => ({
      id: k.id,
      channel: k.channel as CaseContact['channel'],
      category: k.category as CaseContact['category'],
      outcome: k.outcome as CaseContact['outcome'],
      startedAt: k.started_at,
      agentName: k.display_name,
      note: k.note,
    })),
  };
}

async function freezeRequestOf(db: Db, caseId: number): Promise<ServiceCaseDetail['freezeRequest']> {
  const r = await db
    .selectFrom('freeze_requests as r')
    .leftJoin('freeze_cases as fc', 'fc.id', 'r.freeze_case_id')
    .select(['r.freeze_type', 'r.reason', 'r.order_reference', 'r.authority', 'r.document_reference'])
    .select(['r.freeze_case_id', 'fc.case_no'])
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    type: r.freeze_type as ManualFreezeType,
    reason: r.reason,
    orderReference: r.order_reference,
    authority: r.authority,
    documentReference: r.document_reference,
    freezeCaseId: r.freeze_case_id,
    freezeCaseNo: r.case_no,
  };
}

async function complaintOf(db: Db, caseId: number, dueAt: string): Promise<ServiceCaseDetail['complaint']> {
  const d = await db.selectFrom('complaint_details').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!d) return null;
  return {
    channel: d.channel as ComplaintFacts['channel'],
    category: d.category as ComplaintFacts['category'],
    customerWords: d.customer_words,
    regulator: d.regulator as ComplaintFacts['regulator'],
    referralNo: d.referral_no,
    regulatorDueAt: d.regulator_due_at,
    ownDueAt: d.own_due_at,
    complex: d.complex === 1,
    extensionReason: d.extension_reason,
    outcome: d.outcome as ComplaintFacts['outcome'],
    explanation: d.explanation,
    responseText: d.response_text,
    respondedAt: d.responded_at,
    onTime: d.responded_at ? d.responded_at <= dueAt : null,
  };
}

/** The whole case as its drawer shows it. Works inside a transaction too. */
export async function loadServiceCase(db: Db, id: number): Promise<ServiceCaseDetail> {
  const c = await db
    .selectFrom('service_cases as sc')
    .leftJoin('accounts as a', 'a.id', 'sc.account_id')
    .select((eb) => [
      ...caseRowColumns(eb),
      'sc.account_id',
      'sc.contact_id',
      'sc.opened_by',
      'sc.maker_id',
      'sc.checker_id',
      'sc.decision',
      'sc.decision_note',
      'sc.decided_at',
      'a.status as account_status',
      operatorName(eb, 'sc.opened_by').as('opened_by_name'),
      operatorName(eb, 'sc.maker_id').as('maker_name'),
      operatorName(eb, 'sc.checker_id').as('checker_name'),
    ])
    .where('sc.id', '=', id)
    .executeTakeFirst();
  if (!c) throw new AppError('NOT_FOUND', `No service case ${id}`);
  const [links, freezeRequest, complaint, fraud, closure, identity] = await Promise.all([
    linked(db, id),
    freezeRequestOf(db, id),
    complaintOf(db, id, c.sla_due_at),
    fraudOf(db, id),
    closureOf(db, id),
    identityOf(db, id),
  ]);
  return {
    ...toCaseRow(c),
    accountId: c.account_id,
    accountStatus: (c.account_status as AccountStatus | null) ?? null,
    contactId: c.contact_id,
    openedBy: c.opened_by,
    openedByName: c.opened_by_name ?? '',
    makerId: c.maker_id,
    makerName: c.maker_name,
    checkerId: c.checker_id,
    checkerName: c.checker_name,
    decision: c.decision,
    decisionNote: c.decision_note,
    decidedAt: c.decided_at,
    ...links,
    freezeRequest,
    complaint,
    fraud,
    closure,
    identity,
  };
}
