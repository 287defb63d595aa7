import type { Kysely } from 'kysely';
import type { FreezeCaseDetail } from '../../../shared/contract/frozen';
import { AppError } from '../../../shared/contract/errors';
import type {
  AccountStatus,
  ContactCategory,
  ContactChannel,
  ContactOutcome,
  FreezeCaseStatus,
  FreezeReason,
  IdentityCheck,
  Operation,
  TransactionStatus,
} from '../../../shared/domain/catalog';
import { type DecisionReason, type FreezeDecision } from '../../../shared/domain/freeze';
import type { CurrencyCode } from '../../../shared/domain/money';
import type { DB } from '../../db/schema';
import type { HandlerContext } from '../core/context';
import { CASE_FIELDS, rowColumns, toRow, type CaseEb } from './queries';
import { caseActions } from '../../../shared/domain/freeze-actions';
import { otherLiveReasonsOf, splitList, verifiedCardOf, viewerOf } from './facts';

/** The whole case as the detail panel shows it, for anyone. Works inside a transaction too. */
export async function loadCaseDetail(db: Kysely<DB>, id: number): Promise<Omit<FreezeCaseDetail, 'actions'>> {
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

  const txnColumns = [
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
  const [checks, evidenceTxns, recentTxns, earlier, contacts] = await Promise.all([
    db
      .selectFrom('identity_checks as ic')
      .innerJoin('operators as o', 'o.id', 'ic.operator_id')
      .select(['ic.check_kind', 'ic.operator_id', 'o.display_name', 'ic.at'])
      .where('ic.case_id', '=', id)
      .execute(),
    db
      .selectFrom('freeze_case_transactions as l')
      .innerJoin('transactions as t', 't.id', 'l.transaction_id')
      .select(txnColumns)
      .where('l.case_id', '=', id)
      .orderBy('t.created_at', 'desc')
      .limit(50)
      .execute(),
    db
      .selectFrom('transactions as t')
      .select(txnColumns)
      .where('t.account_id', '=', c.account_id)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(10)
      .execute(),
    db
      .selectFrom('freeze_cases')
      .select(['id', 'case_no', 'reason', 'status', 'frozen_at'])
      .where('account_id', '=', c.account_id)
      .where('id', '<>', id)
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
          eb('k.case_id', '=', id),
          eb.and([eb('k.account_id', '=', c.account_id), eb('k.category', '=', 'frozen_account')]),
        ]),
      )
      .orderBy('k.started_at', 'desc')
      .limit(20)
      .execute(),
  ]);
  const toTxn = (t: (typeof recentTxns)[number]) => ({
    id: t.id,
    txnNo: t.txn_no,
    operation: t.operation as Operation,
    amountMinor: t.amount_minor,
    currency: t.currency as CurrencyCode,
    status: t.status as TransactionStatus,
    counterparty: t.counterparty,
    merchant: t.merchant,
    createdAt: t.created_at,
  });
  return {
    ...toRow(c),
    evidenceRule: c.evidence_rule,
    evidence: JSON.parse(c.evidence_json) as Record<string, string | number>,
    decision: c.decision as FreezeDecision | null,
    decisionReason: c.decision_reason as DecisionReason | null,
    makerId: c.maker_id,
    makerName: c.maker_name,
    checkerId: c.checker_id,
    checkerName: c.checker_name,
    decidedAt: c.decided_at,
    account: {
      status: c.account_status as AccountStatus,
      kycLevel: c.kyc_level,
      registeredAt: c.registered_at,
      balanceMinor: c.balance_minor,
      currency: c.currency as CurrencyCode,
      verifiedCard: c.verified_card,
      otherLiveReasons: splitList<FreezeReason>(c.other_live_reasons),
    },
    checks: checks.map((k) => ({
      kind: k.check_kind as IdentityCheck,
      operatorId: k.operator_id,
      operatorName: k.display_name,
      at: k.at,
    })),
    evidenceTransactions: evidenceTxns.map(toTxn),
    recentTransactions: recentTxns.map(toTxn),
    earlierCases: earlier.map((e) => ({
      id: e.id,
      caseNo: e.case_no,
      reason: e.reason as FreezeReason,
      status: e.status as FreezeCaseStatus,
      frozenAt: e.frozen_at,
    })),
    contacts: contacts.map((k) => ({
      id: k.id,
      channel: k.channel as ContactChannel,
      category: k.category as ContactCategory,
      outcome: k.outcome as ContactOutcome,
      startedAt: k.started_at,
      agentName: k.agent_name,
      note: k.note,
    })),
  };
}

/** The case as the calling operator sees it: with what the rules let them do on it now. */
export async function caseDetailFor(ctx: HandlerContext, id: number): Promise<FreezeCaseDetail> {
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
