import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import type { DB } from '../../db/schema';
import type { AuthedContext, Trx } from './context';

/** The stored result of an earlier call with this key, if any; a key reused for another action is refused. */
async function priorResult<T>(db: Kysely<DB> | Trx, key: string, channel: string, operatorId: number) {
  const prior = await db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
  if (!prior) return null;
  if (prior.channel !== channel || prior.operator_id !== operatorId) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key belongs to another action');
  }
  return { result: JSON.parse(prior.result_json) as T };
}

/** Stores a key with its result, in the transaction of the change it guards. */
async function rememberKey(ctx: AuthedContext, trx: Trx, key: string, channel: string, result: unknown) {
  await trx
    .insertInto('idempotency_keys')
    .values({
      key,
      channel,
      operator_id: ctx.session.operatorId,
      result_json: JSON.stringify(result ?? null),
      created_at: ctx.now().toISOString(),
    })
    .execute();
}

/**
 * Runs `work` at most once per idempotency key, inside the caller's transaction:
 * a retry (a double click, a resend after a lost reply) gets the first result back
 * instead of acting twice. The key row commits with the change it guards.
 */
export async function onceByKey<T>(
  ctx: AuthedContext,
  trx: Trx,
  channel: string,
  key: string,
  work: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  const prior = await priorResult<T>(trx, key, channel, ctx.session.operatorId);
  if (prior) return { result: prior.result, replayed: true };
  const result = await work();
  await rememberKey(ctx, trx, key, channel, result);
  return { result, replayed: false };
}

/** Calls still running, by key: a double click joins the first call instead of racing it. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * The same guarantee for a write that opens its own transaction: `run` gets a `remember`
 * to call inside it. A failed call stores nothing, so its retry meets the same rules again.
 */
export async function once<T>(
  ctx: AuthedContext,
  channel: string,
  key: string,
  run: (remember: (trx: Trx, result: T) => Promise<void>) => Promise<T>,
): Promise<T> {
  const running = inFlight.get(key);
  if (running) return running as Promise<T>;
  const call = (async () => {
    const prior = await priorResult<T>(ctx.db, key, channel, ctx.session.operatorId);
    if (prior) return prior.result;
    return run((trx, result) => rememberKey(ctx, trx, key, channel, result));
  })();
  inFlight.set(key, call);
  try {
    return await call;
  } finally {
    inFlight.delete(key);
  }
}
