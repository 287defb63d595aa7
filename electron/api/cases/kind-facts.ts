import type { Kysely } from 'kysely';
import type { ClosureFacts } from '../../../shared/contract/closure';
import type { FraudFacts, PayeeWarning } from '../../../shared/contract/fraud';
import type { IdentityCheck } from '../../../shared/domain/catalog';
import type { FraudScheme } from '../../../shared/domain/fraud';
import type { CurrencyCode } from '../../../shared/domain/money';
import type { DB } from '../../db/schema';
import type { CustomerDevice, IdentityFacts } from '../../../shared/contract/identity';
import { IDENTITY_REQUIRED_CHECKS, identityNeedsFourEyes } from '../../../shared/domain/identity-security';
import { checkMarks } from '../frozen/checklist';

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

const toDevice = (d: { id: number; label: string; bound_at: string; trusted: number; unbound_at: string | null }) => ({
  id: d.id,
  label: d.label,
  boundAt: d.bound_at,
  trusted: d.trusted === 1,
  unboundAt: d.unbound_at,
});

/** A customer's devices, bound ones first, newest first. */
export async function devicesOf(db: Db, customerId: number): Promise<CustomerDevice[]> {
  const rows = await db
    .selectFrom('customer_devices')
    .select(['id', 'label', 'bound_at', 'trusted', 'unbound_at'])
    .where('customer_id', '=', customerId)
    .orderBy((eb) => eb.case().when('unbound_at', 'is', null).then(0).else(1).end())
    .orderBy('bound_at', 'desc')
    .limit(50)
    .execute();
  return rows.map(toDevice);
}

/** An identity case's own facts, for its drawer: the action, the device, the checklist, four-eyes. */
export async function identityOf(db: Db, caseId: number): Promise<IdentityFacts | null> {
  const r = await db
    .selectFrom('identity_requests as r')
    .leftJoin('customer_devices as d', 'd.id', 'r.device_id')
    .select(['r.action', 'r.carried_out_at', 'd.id', 'd.label', 'd.bound_at', 'd.trusted', 'd.unbound_at'])
    .select((eb) =>
      eb
        .selectFrom('customer_devices as o')
        .select((o) => o.fn.countAll<number>().as('n'))
        .whereRef('o.customer_id', '=', 'd.customer_id')
        .whereRef('o.id', '<>', 'd.id')
        .where('o.trusted', '=', 1)
        .where('o.unbound_at', 'is', null)
        .as('other_trusted'),
    )
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) return null;
  const device =
    r.id !== null && r.label !== null && r.bound_at !== null && r.trusted !== null
      ? toDevice({ id: r.id, label: r.label, bound_at: r.bound_at, trusted: r.trusted, unbound_at: r.unbound_at })
      : null;
  return {
    action: r.action,
    device,
    required: [...IDENTITY_REQUIRED_CHECKS[r.action]],
    checks: await checkMarks(db, 'service_case_checks', caseId),
    fourEyes: identityNeedsFourEyes({
      action: r.action,
      deviceTrusted: device?.trusted ?? false,
      otherTrustedDevices: Number(r.other_trusted ?? 0),
    }),
    carriedOutAt: r.carried_out_at,
  };
}
