import type { Services } from '../core/context';
import { change } from '../core/change';

/**
 * "Keep frozen until a review date": on that date the case comes back to the queue, each
 * with its audit event. Run by the host's due-work timer (electron/host/due-work.ts), never
 * by a read: a read-only channel must not write. The walk is on freeze_cases_by_review.
 */
export async function returnDueReviews(services: Services): Promise<number[]> {
  const at = services.now().toISOString();
  const dueFrom = (db: Pick<Services['db'], 'selectFrom'>) =>
    db
      .selectFrom('freeze_cases')
      .select(['id', 'review_at'])
      .where('status', '=', 'kept_frozen')
      .where('review_at', '<=', at);
  // Looked for by a plain read first: a write transaction on SQLite waits for the write lock,
  // synchronously, while an import's worker holds it, and this runs every few seconds.
  if (!(await dueFrom(services.db).limit(1).executeTakeFirst())) return [];
  return change(services, async ({ trx, auditAll, tell }) => {
    const due = await dueFrom(trx).limit(1000).execute();
    if (due.length === 0) return [];
    const ids = due.map((d) => d.id);
    await trx
      .updateTable('freeze_cases')
      .set((eb) => ({ status: 'open', owner_id: null, version: eb('version', '+', 1) }))
      .where('id', 'in', ids)
      .execute();
    await auditAll(
      due.map((d) => ({
        action: 'freeze.reviewDue',
        entityType: 'freeze_case',
        entityId: d.id,
        before: { status: 'kept_frozen', reviewAt: d.review_at },
        after: { status: 'open' },
      })),
    );
    tell('frozen:changed', { ids });
    return ids;
  });
}
