import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/contract/errors';
import { fingerprint } from '../../db/fingerprint';
import type { DB } from '../../db/schema';
import type { AuthedContext, Trx } from './context';

/**
 * What a key is bound to: the operator, the channel and the payload (without the key
 * itself). The same key with any other of the three is a different action.
 */
function bindingOf(ctx: AuthedContext) {
  const { idempotencyKey: _key, ...payload } = ctx.request.input as Record<string, unknown>;
  return { operatorId: ctx.session.operatorId, channel: ctx.request.channel, payloadHash: fingerprint(payload) };
}
type Binding = ReturnType<typeof bindingOf>;

const reused = () =>
  new AppError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for another action or payload');

/** The stored result of an earlier call with this key, if any; a key reused for another action is refused. */
async function priorResult<T>(db: Kysely<DB> | Trx, key: string, binding: Binding) {
  const prior = await db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
  if (!prior) return null;
  // Keys stored before payloads were hashed (payload_hash null) are bound to operator and channel only.
  const samePayload = prior.payload_hash === null || prior.payload_hash === binding.payloadHash;
  if (prior.channel !== binding.channel || prior.operator_id !== binding.operatorId || !samePayload) throw reused();
  return { result: JSON.parse(prior.result_json) as T };
}

/** Stores a key with its result, in the transaction of the change it guards. */
async function rememberKey(ctx: AuthedContext, trx: Trx, key: string, binding: Binding, result: unknown) {
  await trx
    .insertInto('idempotency_keys')
    .values({
      key,
      channel: binding.channel,
      operator_id: binding.operatorId,
      payload_hash: binding.payloadHash,
      result_json: JSON.stringify(result ?? null),
      created_at: ctx.now().toISOString(),
    })
    .execute();
}

/**
 * Runs `work` at most once per idempotency key, inside the caller's transaction:
 * a retry (a double click, a resend after a lost reply) gets the first result back
 * instead of acting twice. The key row commits with the change it guards; a result
 * that `succeeded` calls a failure (a bulk call where no row passed) stores nothing,
 * so a retry after a fix is judged afresh.
 */
export async function onceByKey<T>(
  ctx: AuthedContext,
  trx: Trx,
  key: string,
  work: () => Promise<T>,
  succeeded: (result: T) => boolean = () => true,
): Promise<{ result: T; replayed: boolean }> {
  const binding = bindingOf(ctx);
  const prior = await priorResult<T>(trx, key, binding);
  if (prior) return { result: prior.result, replayed: true };
  const result = await work();
  if (succeeded(result)) await rememberKey(ctx, trx, key, binding, result);
  return { result, replayed: false };
}

/** Calls still running, by key: a double click joins the first call instead of racing it. */
const inFlight = new Map<string, { binding: Binding; call: Promise<unknown> }>();

const sameBinding = (a: Binding, b: Binding) =>
  a.operatorId === b.operatorId && a.channel === b.channel && a.payloadHash === b.payloadHash;

/**
 * The same guarantee for a write that opens its own transaction: `run` gets a `remember`
 * to call inside the transaction that made the change. A call that fails, or never calls
 * `remember`, stores nothing, so its retry meets the same rules again.
 */
export async function once<T>(
  ctx: AuthedContext,
  key: string,
  run: (remember: (trx: Trx, result: T) => Promise<void>) => Promise<T>,
): Promise<T> {
  const binding = bindingOf(ctx);
  const running = inFlight.get(key);
  if (running) {
    if (!sameBinding(running.binding, binding)) throw reused();
    return running.call as Promise<T>;
  }
  const call = (async () => {
    const prior = await priorResult<T>(ctx.db, key, binding);
    if (prior) return prior.result;
    return run((trx, result) => rememberKey(ctx, trx, key, binding, result));
  })();
  inFlight.set(key, { binding, call });
  try {
    return await call;
  } finally {
    inFlight.delete(key);
  }
}
