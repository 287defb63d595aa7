import { AppError } from '../../../shared/contract/errors';
import type { Trx } from '../core/context';
import type { CaseState } from './actions';

/**
 * Pays the whole balance of a frozen account to the customer's verified card: a settled
 * withdrawal and the balance set to zero, in the approval's transaction. Only an approved
 * payout decision gets here; migration 0120's triggers refuse any other debit of a frozen account.
 */
export async function payOutBalance(trx: Trx, c: CaseState, now: string) {
  if (!c.verified_card) throw new AppError('NO_VERIFIED_CARD', 'No verified bank card');
  const txnNo = `PO${c.case_no}${Date.parse(now).toString(36).toUpperCase()}`;
  await trx
    .insertInto('transactions')
    .values({
      txn_no: txnNo,
      account_id: c.account_id,
      operation: 'withdrawal',
      channel: 'bank',
      amount_minor: c.balance_minor,
      fee_minor: 0,
      currency: c.currency,
      status: 'settled',
      merchant: null,
      payment_method: 'balance',
      counterparty: `bank_card:${c.verified_card}`,
      created_at: now,
      settled_at: now,
    })
    .execute();
  await trx
    .updateTable('accounts')
    .set((eb) => ({ balance_minor: 0, version: eb('version', '+', 1) }))
    .where('id', '=', c.account_id)
    .execute();
  return { balanceMinor: 0, paidMinor: c.balance_minor, card: c.verified_card, txnNo };
}
