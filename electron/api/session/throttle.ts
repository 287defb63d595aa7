import { AppError } from '../../../shared/contract/errors';
import { blockAfterFailure, THROTTLE_QUIET_RESET_MS, type ThrottleScope } from '../../../shared/domain/sign-in';
import type { Role } from '../../../shared/domain/roles';
import { appendAudit } from '../../db/audit';
import { fingerprint } from '../../db/fingerprint';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { HandlerContext, Trx } from '../core/context';
import { change } from '../core/change';

/** The two things a failed password counts against: the username tried, and the client. */
function subjects(ctx: HandlerContext, username: string): [ThrottleScope, string][] {
  // A browser tab names its own client id; a long one is stored by its fingerprint.
  const client = ctx.clientKey.length <= 64 ? ctx.clientKey : fingerprint(ctx.clientKey, 40);
  return [
    ['user', username],
    ['client', client],
  ];
}

const lockedOut = (until: string) =>
  new AppError('ACCOUNT_LOCKED_OUT', `Too many failed attempts; try again after ${until}`);

/**
 * Refuses at once, before any password is checked, while the username or the client is
 * blocked. Usernames nobody has are blocked the same way, so this says nothing about who exists.
 */
export async function assertNotThrottled(ctx: HandlerContext, username: string): Promise<void> {
  const now = ctx.now().toISOString();
  for (const [scope, subject] of subjects(ctx, username)) {
    const row = await ctx.db
      .selectFrom('sign_in_throttle')
      .select('blocked_until')
      .where('scope', '=', scope)
      .where('subject', '=', subject)
      .executeTakeFirst();
    if (row?.blocked_until && row.blocked_until > now) throw lockedOut(row.blocked_until);
  }
}

/** When the username's current block ends, if it is blocked: what an admin sees in Settings. */
export async function blockedUntil(ctx: HandlerContext, username: string): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('sign_in_throttle')
    .select('blocked_until')
    .where('scope', '=', 'user')
    .where('subject', '=', username)
    .executeTakeFirst();
  return row?.blocked_until && row.blocked_until > ctx.now().toISOString() ? row.blocked_until : null;
}

/**
 * Counts a failed password against the username and the client, in one transaction; a
 * count past the free failures blocks that scope for a doubling time. A block on a real
 * operator is audited.
 */
export async function recordFailure(
  ctx: HandlerContext,
  username: string,
  operator: { id: number; role: Role } | null,
): Promise<void> {
  const now = ctx.now();
  const at = now.toISOString();
  const quietSince = new Date(now.getTime() - THROTTLE_QUIET_RESET_MS).toISOString();
  await change(ctx, async ({ trx }) => {
    for (const [scope, subject] of subjects(ctx, username)) {
      const prior = await trx
        .selectFrom('sign_in_throttle')
        .select(['failures', 'last_failure_at', 'blocked_until'])
        .where('scope', '=', scope)
        .where('subject', '=', subject)
        .executeTakeFirst();
      // Quiet time counts from the last failure or the end of its block, whichever is later.
      const lastSeen = prior ? [prior.last_failure_at, prior.blocked_until ?? ''].sort()[1] : '';
      const failures = (prior && lastSeen > quietSince ? prior.failures : 0) + 1;
      const blockMs = blockAfterFailure(scope, failures);
      const until = blockMs ? new Date(now.getTime() + blockMs).toISOString() : null;
      await trx
        .insertInto('sign_in_throttle')
        .values({ scope, subject, failures, last_failure_at: at, blocked_until: until })
        .onConflict((oc) =>
          oc.columns(['scope', 'subject']).doUpdateSet({ failures, last_failure_at: at, blocked_until: until }),
        )
        .execute();
      if (scope === 'user' && until && operator) {
        await appendAudit(trx, {
          at,
          operatorId: operator.id,
          operatorRole: operator.role,
          action: 'operator.lockedOut',
          entityType: 'operator',
          entityId: operator.id,
          after: { lockedUntil: until, failures },
          host: ctx.host,
        });
      }
    }
  });
}

/** A successful sign-in (or an admin's password reset) clears the username's count. */
export async function clearFailures(db: Kysely<DB> | Trx, username: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('scope', '=', 'user').where('subject', '=', username).execute();
}
