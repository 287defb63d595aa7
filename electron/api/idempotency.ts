import { AppError } from '../../shared/contract/errors';
import type { HandlerContext, Trx } from './context';

/**
 * Runs `work` at most once per idempotency key, inside the caller's transaction:
 * a retry (a double click, a resend after a lost reply) gets the first result back
 * instead of acting twice. The key row commits with the change it guards.
 */
export async function onceByKey<T>(
  ctx: HandlerContext,
  trx: Trx,
  channel: string,
  key: string,
  work: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  const operatorId = ctx.session!.operatorId;
  const seen = await trx.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
  if (seen) {
    if (seen.channel !== channel || seen.operator_id !== operatorId) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This request key was already used for another request');
    }
    return { result: JSON.parse(seen.result_json) as T, replayed: true };
  }
  const result = await work();
  await trx
    .insertInto('idempotency_keys')
    .values({
      key,
      channel,
      operator_id: operatorId,
      result_json: JSON.stringify(result ?? null),
      created_at: ctx.now().toISOString(),
    })
    .execute();
  return { result, replayed: false };
}
