import type { Selectable } from 'kysely';
import { remainingRefundable } from '../../shared/domain/refunds';
import type { ContactsTable, TransactionsTable } from './schema';

/*
 * Row mappers: snake_case rows to the domain's camelCase, one per aggregate, so every list
 * and detail that shows a contact or a transaction's refundable amount reads it the same way.
 */

type ContactSummaryRow = Pick<
  Selectable<ContactsTable>,
  'id' | 'channel' | 'category' | 'outcome' | 'started_at' | 'note'
>;

/** The fields every contact list shows; callers add what their view selects beyond them. */
export function contactSummary(r: ContactSummaryRow) {
  return {
    id: r.id,
    channel: r.channel,
    category: r.category,
    outcome: r.outcome,
    startedAt: r.started_at,
    note: r.note,
  };
}

/** What is still refundable on a transaction row: captured − refunded − pending. */
export function remainingOf(
  t: Pick<Selectable<TransactionsTable>, 'amount_minor' | 'refunded_minor' | 'pending_refund_minor'>,
): number {
  return remainingRefundable({
    amountMinor: t.amount_minor,
    refundedMinor: t.refunded_minor,
    pendingMinor: t.pending_refund_minor,
  });
}
