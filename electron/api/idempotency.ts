import { AppError } from '../../shared/contract/errors';
import type { HandlerContext, Trx } from './context';

/** Calls still running, by key: a double click joins the first call instead of racing it. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Runs a write at most once per idempotency key. A retry (or a second click) with the
 * same key gets the first call's stored result; the key is stored in the same transaction
 * as the write (`remember`), so a crash never leaves a write without its key or the reverse.
 * A failed call stores nothing: its retry runs again and meets the same rules.
 */
export async function once<T>(
  ctx: HandlerContext,
  channel: string,
  key: string,
  run: (remember: (trx: Trx, result: T) => Promise<void>) => Promise<T>,
): Promise<T> {
  const running = inFlight.get(key);
  if (running) return running as Promise<T>;
  const operatorId = ctx.session!.operatorId;
  const call = (async () => {
    const prior = await ctx.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
    if (prior) {
      if (prior.channel !== channel || prior.operator_id !== operatorId) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key belongs to another action');
      }
      return JSON.parse(prior.result_json) as T;
    }
    return run(async (trx, result) => {
      await trx
        .insertInto('idempotency_keys')
        .values({
          key,
          channel,
          operator_id: operatorId,
          result_json: JSON.stringify(result),
          created_at: ctx.now().toISOString(),
        })
        .execute();
    });
  })();
  inFlight.set(key, call);
  try {
    return await call;
  } finally {
    inFlight.delete(key);
  }
}
