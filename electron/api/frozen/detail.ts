import type { Kysely } from 'kysely';
import type { FreezeCaseDetail } from '../../../shared/contract/frozen';
import type { FreezeReason } from '../../../shared/domain/catalog';
import { AppError } from '../../../shared/contract/errors';
import { contactSummary } from '../../db/rows';
import type { DB } from '../../db/schema';
import type { AuthedContext } from '../core/context';
import { CASE_FIELDS, rowColumns, toRow, type CaseEb } from './queries';
import { caseActions } from '../../../shared/domain/freeze-actions';
import { otherLiveReasonsOf, splitList, verifiedCardOf, viewerOf } from './facts';
import { checkMarks } from './checklist';

/** The whole case as the detail panel shows it, for anyone. Works inside a transaction too. */
export async function loadCaseDetail(db: Kysely<DB>, id: number): Promise<Omit<FreezeCaseDetail, 'actions'>> {
  const c = await loadCase(db, id);
  const [checks, transactions, history] = await Promise.all([
    checkMarks(db, 'identity_checks', id),
    caseTransactions(db, id, c.account_id),
    accountHistory(db, id, c.account_id),
  ]);
  return {
    ...toRow(c),
    evidenceRule: c.evidence_rule,
    evidence: JSON.parse(c.evidence_json) as Record<string, string | number>,
    decision: c.decision,
    decisionReason: c.decision_reason,
    makerId: c.maker_id,
    makerName: c.maker_name,
    checkerId: c.checker_id,
    checkerName: c.checker_name,
    decidedAt: c.decided_at,
    account: {
      status: c.account_status,
      kycLevel: c.kyc_level,
      registeredAt: c.registered_at,
      balanceMinor: c.balance_minor,
      currency: c.currency,
      verifiedCard: c.verified_card,
      otherLiveReasons: splitList<FreezeReason>(c.other_live_reasons),
    },
    checks,
    ...transactions,
    earlierCases: history.earlierCases,
    contacts: history.contacts,
  };
}

/** The case row with its queue fields, decision, maker and checker, and its account. */
async function loadCase(db: Kysely<DB>, id: number) {
  const c = await db
    .selectFrom('freeze_cases as fc')
    .innerJoin('accounts as a', 'a.id', 'fc.account_id')
    .innerJoin('customers as cu', 'cu.id', 'a.customer_id')
    .select((eb) => [
      ...CASE_FIELDS,
      ...rowColumns(eb as unknown as CaseEb),
      'fc.evidence_rule',
      'fc.evidence_json',
      'fc.decision',
      'fc.decision_reason',
      'fc.maker_id',
      'fc.checker_id',
      'fc.decided_at',
      eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', 'fc.maker_id').as('maker_name'),
      eb
        .selectFrom('operators as o')
        .select('o.display_name')
        .whereRef('o.id', '=', 'fc.checker_id')
        .as('checker_name'),
      'a.status as account_status',
      'a.balance_minor',
      'a.currency',
      'cu.kyc_level',
      'cu.registered_at',
      verifiedCardOf(eb.ref('fc.account_id')).as('verified_card'),
      otherLiveReasonsOf(eb.ref('fc.id'), eb.ref('fc.account_id')).as('other_live_reasons'),
    ])
    .where('fc.id', '=', id)
    .executeTakeFirst();
  if (!c) throw new AppError('NOT_FOUND', `No freeze case ${id}`);
  return c;
}

const TXN_COLUMNS = [
  't.id',
  't.txn_no',
  't.operation',
  't.amount_minor',
  't.currency',
  't.status',
  't.counterparty',
  't.merchant',
  't.created_at',
] as const;

/** The transactions that triggered the freeze, and the account's latest ones. */
async function caseTransactions(db: Kysely<DB>, caseId: number, accountId: number) {
  const [evidence, recent] = await Promise.all([
    db
      .selectFrom('freeze_case_transactions as l')
      .innerJoin('transactions as t', 't.id', 'l.transaction_id')
      .select(TXN_COLUMNS)
      .where('l.case_id', '=', caseId)
      .orderBy('t.created_at', 'desc')
      .limit(50)
      .execute(),
    db
      .selectFrom('transactions as t')
      .select(TXN_COLUMNS)
      .where('t.account_id', '=', accountId)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(10)
      .execute(),
  ]);
  const toTxn = (t: (typeof recent)[number]) => ({
    id: t.id,
    txnNo: t.txn_no,
    operation: t.operation,
    amountMinor: t.amount_minor,
    currency: t.currency,
    status: t.status,
    counterparty: t.counterparty,
    merchant: t.merchant,
    createdAt: t.created_at,
  });
  return { evidenceTransactions: evidence.map(toTxn), recentTransactions: recent.map(toTxn) };
}

/** The account's other cases, and the contacts about this case or the freeze. */
async function accountHistory(db: Kysely<DB>, caseId: number, accountId: number) {
  const [earlier, contacts] = await Promise.all([
    db
      .selectFrom('freeze_cases')
      .select(['id', 'case_no', 'reason', 'status', 'frozen_at'])
      .where('account_id', '=', accountId)
      .where('id', '<>', caseId)
      .orderBy('frozen_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('contacts as k')
      .select((eb) => [
        'k.id',
        'k.channel',
        'k.category',
        'k.outcome',
        'k.started_at',
        'k.note',
        eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', 'k.agent_id').as('agent_name'),
      ])
      .where((eb) =>
        eb.or([
          eb('k.case_id', '=', caseId),
          eb.and([eb('k.account_id', '=', accountId), eb('k.category', '=', 'frozen_account')]),
        ]),
      )
      .orderBy('k.started_at', 'desc')
      .limit(20)
      .execute(),
  ]);
  return {
    earlierCases: earlier.map((e) => ({
      id: e.id,
      caseNo: e.case_no,
      reason: e.reason,
      status: e.status,
      frozenAt: e.frozen_at,
    })),
    contacts: contacts.map((k) => ({ ...contactSummary(k), agentName: k.agent_name })),
  };
}

/** The case as the calling operator sees it: with what the rules let them do on it now. */
export async function caseDetailFor(ctx: AuthedContext, id: number): Promise<FreezeCaseDetail> {
  const d = await loadCaseDetail(ctx.db, id);
  const facts = {
    reason: d.reason,
    risk: d.risk,
    status: d.status,
    ownerId: d.ownerId,
    makerId: d.makerId,
    decision: d.decision,
    balanceMinor: d.account.balanceMinor,
    hasVerifiedCard: d.account.verifiedCard !== null,
    checks: d.checks.map((k) => k.kind),
    otherLiveReasons: d.account.otherLiveReasons,
  };
  return { ...d, actions: caseActions(facts, viewerOf(ctx)) };
}
