import { appendAuditBatch } from '../../db/audit';
import type { Services } from '../core/context';

const lastSweep = new WeakMap<object, number>();

/**
 * "Keep frozen until a review date": on that date the case comes back to the queue.
 * Due work sweeps due cases back in (at most once a minute per database), each with its
 * audit event; reading the queue or a case sweeps first too, so what is shown is current
 * even between timer ticks.
 */
export async function returnDueReviews(ctx: Services): Promise<void> {
  const now = ctx.now();
  const last = lastSweep.get(ctx.engine);
  if (last !== undefined && now.getTime() - last < 60_000 && now.getTime() >= last) return;
  lastSweep.set(ctx.engine, now.getTime());
  const at = now.toISOString();
  const ids = await ctx.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('freeze_cases')
      .select(['id', 'review_at'])
      .where('status', '=', 'kept_frozen')
      .where('review_at', '<=', at)
      .limit(1000)
      .execute();
    if (due.length === 0) return [];
    const dueIds = due.map((d) => d.id);
    await trx
      .updateTable('freeze_cases')
      .set((eb) => ({ status: 'open', owner_id: null, version: eb('version', '+', 1) }))
      .where('id', 'in', dueIds)
      .execute();
    await appendAuditBatch(
      trx,
      due.map((d) => ({
        at,
        operatorId: null,
        operatorRole: null,
        host: 'system' as const,
        action: 'freeze.reviewDue',
        entityType: 'freeze_case',
        entityId: d.id,
        before: { status: 'kept_frozen', reviewAt: d.review_at },
        after: { status: 'open' },
      })),
    );
    return dueIds;
  });
  if (ids.length) ctx.emit('frozen:changed', { ids });
}
