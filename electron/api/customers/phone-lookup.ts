import { sql } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import { maskPhone } from '../../../shared/domain/masking';
import type { AuthedContext, Trx } from '../core/context';
import { change } from '../core/change';

/**
 * Finding a customer by a whole phone number reveals the digits the mask hides (a guess
 * that matches confirms them), so it is a lookup, not a search: each one is audited, and
 * an operator gets a bounded number per window. Misses count too: they are the guesses.
 */
export const PHONE_LOOKUPS_PER_WINDOW = 20;
export const PHONE_LOOKUP_WINDOW_MS = 10 * 60_000;
export const PHONE_LOOKUP_ACTION = 'customer.lookedUpByPhone';

/** This operator's phone lookups in the window, read through the (at) and (operator, id) indexes. */
async function recentLookups(trx: Trx, operatorId: number, since: string): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(*) AS n FROM audit_events
    WHERE operator_id = ${operatorId} AND action = ${PHONE_LOOKUP_ACTION}
      AND id > coalesce((SELECT max(id) FROM audit_events WHERE at <= ${since}), 0)`.execute(trx);
  return row.rows[0].n;
}

/**
 * Runs `find` for one whole phone number as an audited lookup, in one transaction with its
 * audit event; past the operator's allowance it is refused and nothing is written.
 */
export async function lookUpByPhone<T extends { customerId: number }>(
  ctx: AuthedContext,
  phone: string,
  find: (trx: Trx) => Promise<T[]>,
): Promise<T[]> {
  const me = ctx.session;
  const now = ctx.now();
  const since = new Date(now.getTime() - PHONE_LOOKUP_WINDOW_MS).toISOString();
  return change(ctx, async ({ trx, audit }) => {
    if ((await recentLookups(trx, me.operatorId, since)) >= PHONE_LOOKUPS_PER_WINDOW) {
      throw new AppError(
        'LOOKUP_RATE_LIMITED',
        `At most ${PHONE_LOOKUPS_PER_WINDOW} lookups by a whole phone number in ${PHONE_LOOKUP_WINDOW_MS / 60_000} minutes`,
      );
    }
    const hits = await find(trx);
    await audit({
      action: PHONE_LOOKUP_ACTION,
      entityType: 'customer',
      entityId: hits[0]?.customerId ?? null,
      after: { phone: maskPhone(phone), matches: hits.map((h) => h.customerId) },
    });
    return hits;
  });
}
