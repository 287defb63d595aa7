import type { Trx } from '../core/context';
import type { CaseState } from './actions';
import { payOutToVerifiedCard } from './card-payout';

/**
 * Pays the whole balance of a frozen account to the customer's verified card, in the
 * approval's transaction. Only an approved payout decision gets here; migration 0120's
 * triggers refuse any other debit of a frozen account.
 */
export async function payOutBalance(trx: Trx, c: CaseState, now: string) {
  const { cardNo, txnNo } = await payOutToVerifiedCard(trx, {
    accountId: c.account_id,
    balanceMinor: c.balance_minor,
    currency: c.currency,
    reference: c.case_no,
    now,
  });
  return { balanceMinor: 0, paidMinor: c.balance_minor, card: cardNo, txnNo };
}
