import type { CurrencyCode } from '../../../shared/domain/money';
import { AppError } from '../../../shared/contract/errors';
import type { Trx } from '../core/context';

/**
 * Pays an account's whole balance out to the customer's verified bank card (the card their
 * latest card payment used), as a settled withdrawal, in the caller's transaction. Used by a
 * frozen account's payout and by an approved closure.
 */
export async function payOutToVerifiedCard(
  trx: Trx,
  p: { accountId: number; balanceMinor: number; currency: CurrencyCode; reference: string; now: string },
): Promise<{ cardNo: string; txnNo: string; txnId: number }> {
  const card = await trx
    .selectFrom('transactions')
    .select('payment_method')
    .where('account_id', '=', p.accountId)
    .where('payment_method', 'like', 'bank_card:%')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!card) throw new AppError('NO_VERIFIED_CARD', 'No verified bank card');
  const cardNo = card.payment_method.slice('bank_card:'.length);
  const txnNo = `PO${p.reference}${Date.parse(p.now).toString(36).toUpperCase()}`;
  const { id } = await trx
    .insertInto('transactions')
    .values({
      txn_no: txnNo,
      account_id: p.accountId,
      operation: 'withdrawal',
      channel: 'bank',
      amount_minor: p.balanceMinor,
      fee_minor: 0,
      currency: p.currency,
      status: 'settled',
      merchant: null,
      payment_method: 'balance',
      counterparty: `bank_card:${cardNo}`,
      created_at: p.now,
      settled_at: p.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('accounts')
    .set((eb) => ({ balance_minor: 0, version: eb('version', '+', 1) }))
    .where('id', '=', p.accountId)
    .execute();
  return { cardNo, txnNo, txnId: id };
}
