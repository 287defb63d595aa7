import type { ExpressionBuilder } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { FreezeReason } from '../../../shared/domain/catalog';
import { refundBlocker, refundVerdict, type RefundVerdict } from '../../../shared/domain/freeze';
import type { DB } from '../../db/schema';
import type { Db } from './queries';
import { liveReasonsOf, splitList } from '../frozen/facts';

/** The columns a refund's freeze verdict is read from, on a query joining `transactions as t`. */
export function freezeColumns(eb: ExpressionBuilder<DB & { t: DB['transactions'] }, 't'>) {
  return [
    liveReasonsOf(eb.ref('t.account_id')).as('live_reasons'),
    eb.selectFrom('accounts as fa').select('fa.status').whereRef('fa.id', '=', 't.account_id').as('account_status'),
  ] as const;
}

export function verdictOf(row: {
  payment_method: string;
  live_reasons: string | null;
  account_status: string | null;
}): RefundVerdict {
  return refundVerdict(splitList<FreezeReason>(row.live_reasons), row.account_status === 'frozen', row.payment_method);
}

/** The freeze verdict for refunding one transaction now. */
export async function refundFreezeOf(db: Db, transactionId: number): Promise<RefundVerdict> {
  const row = await db
    .selectFrom('transactions as t')
    .select('t.payment_method')
    .select((eb) => freezeColumns(eb))
    .where('t.id', '=', transactionId)
    .executeTakeFirstOrThrow();
  return verdictOf(row);
}

const MESSAGES = {
  JUDICIAL_FREEZE: 'A judicial freeze on the account blocks this refund',
  FREEZE_BLOCKS_PAYOUT: 'The freeze on the account blocks this refund',
  FREEZE_WARNING_NOT_ACKNOWLEDGED: 'The account is frozen: acknowledge the warning to go ahead',
} as const;

/** Refuses a refund step the account's freezes block, or one whose warning was not acknowledged. */
export function assertRefundAllowed(v: RefundVerdict, acknowledged: boolean): void {
  const code = refundBlocker(v, acknowledged);
  if (code) throw new AppError(code, MESSAGES[code]);
}
