import type { Kysely } from 'kysely';
import type { ClosureFacts } from '../../../shared/contract/closure';
import type { FraudFacts, PayeeWarning } from '../../../shared/contract/fraud';
import type { IdentityCheck } from '../../../shared/domain/catalog';
import type { FraudScheme } from '../../../shared/domain/fraud';
import type { CurrencyCode } from '../../../shared/domain/money';
import type { DB } from '../../db/schema';

type Db = Kysely<DB>;

/** A fraud report's own facts, for its drawer. */
export async function fraudOf(db: Db, caseId: number): Promise<FraudFacts | null> {
  const d = await db
    .selectFrom('fraud_reports as r')
    .leftJoin('freeze_cases as fc', 'fc.id', 'r.freeze_case_id')
    .leftJoin('fake_numbers as n', 'n.number', 'r.fake_number')
    .select(['r.scheme', 'r.fake_number', 'r.loss_minor', 'r.currency', 'r.freeze_case_id', 'fc.case_no'])
    .select(['r.recall_reference', 'r.recall_requested_at', 'n.reports'])
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
  if (!d) return null;
  const payees = await db
    .selectFrom('flagged_payees')
    .select('payee')
    .distinct()
    .where('case_id', '=', caseId)
    .orderBy('payee')
    .execute();
  return {
    scheme: d.scheme as FraudScheme,
    fakeNumber: d.fake_number,
    lossMinor: d.loss_minor,
    currency: d.currency as CurrencyCode,
    freezeCaseId: d.freeze_case_id,
    freezeCaseNo: d.case_no,
    recallReference: d.recall_reference,
    recallRequestedAt: d.recall_requested_at,
    flaggedPayees: payees.map((p) => p.payee),
    numberReports: d.reports ?? 1,
  };
}

/** A closure request's own facts, for its drawer. */
export async function closureOf(db: Db, caseId: number): Promise<ClosureFacts | null> {
  const r = await db
    .selectFrom('closure_requests as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('transactions as t', 't.id', 'r.payout_txn_id')
    .select(['r.checks_json', 'r.cooling_off_until', 'r.paid_minor', 't.txn_no', 'a.currency'])
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    checks: JSON.parse(r.checks_json) as IdentityCheck[],
    coolingOffUntil: r.cooling_off_until,
    paidMinor: r.paid_minor,
    currency: r.currency as CurrencyCode,
    payoutTxnNo: r.txn_no,
  };
}

/** The newest fraud report that flagged this payee, or null: money going there is warned. */
export async function payeeWarning(db: Db, payee: string | null): Promise<PayeeWarning | null> {
  if (!payee) return null;
  const row = await db
    .selectFrom('flagged_payees as f')
    .innerJoin('service_cases as sc', 'sc.id', 'f.case_id')
    .select(['f.payee', 'sc.id', 'sc.case_no'])
    .where('f.payee', '=', payee)
    .orderBy('f.flagged_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { payee: row.payee, caseId: row.id, caseNo: row.case_no } : null;
}
