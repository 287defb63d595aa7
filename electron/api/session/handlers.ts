import { AppError } from '../../../shared/contract/errors';
import type { SessionInfo } from '../../../shared/contract/session';
import { ROLE_PERMISSIONS, type Role } from '../../../shared/domain/roles';
import { appendAudit } from '../../db/audit';
import type { HandlerContext, Session } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords';
import { actor } from '../core/permissions';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 10 * 60_000;
export const LOCKOUT_MS = 15 * 60_000;

export function toSessionInfo(s: Session): SessionInfo {
  return {
    operatorId: s.operatorId,
    username: s.username,
    displayName: s.displayName,
    role: s.role,
    permissions: [...ROLE_PERMISSIONS[s.role]],
    mustChangePassword: s.mustChangePassword,
    locked: s.locked,
  };
}

function requireSession(ctx: HandlerContext): Session {
  if (!ctx.session) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return ctx.session;
}

async function findOperator(ctx: HandlerContext, username: string) {
  return ctx.db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Records a failed password; the fifth within ten minutes locks the operator out, audited. */
async function recordFailure(ctx: HandlerContext, operatorId: number, role: Role): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('sign_in_failures').values({ operator_id: operatorId, at: now.toISOString() }).execute();
    const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS).toISOString();
    const { n } = await trx
      .selectFrom('sign_in_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('operator_id', '=', operatorId)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    if (n >= LOCKOUT_FAILURES) {
      const until = new Date(now.getTime() + LOCKOUT_MS).toISOString();
      await trx.updateTable('operators').set({ locked_until: until }).where('id', '=', operatorId).execute();
      await trx.deleteFrom('sign_in_failures').where('operator_id', '=', operatorId).execute();
      await appendAudit(trx, {
        at: now.toISOString(),
        operatorId,
        operatorRole: role,
        action: 'operator.lockedOut',
        entityType: 'operator',
        entityId: operatorId,
        after: { lockedUntil: until, failures: n },
        host: ctx.host,
      });
    }
  });
}

export const sessionHandlers: Pick<
  Handlers,
  | 'session:current'
  | 'session:signIn'
  | 'session:signOut'
  | 'session:lock'
  | 'session:unlock'
  | 'session:changePassword'
> = {
  async 'session:current'(ctx) {
    return ctx.session ? toSessionInfo(ctx.session) : null;
  },

  async 'session:signIn'(ctx, { username, password }) {
    const op = await findOperator(ctx, username);
    // One generic refusal whatever was wrong, so the screen leaks no usernames.
    const refuse = () => new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
    if (!op) throw refuse();
    const now = ctx.now();
    if (op.locked_until && op.locked_until > now.toISOString()) {
      throw new AppError('ACCOUNT_LOCKED_OUT', `Too many failed attempts; try again after ${op.locked_until}`);
    }
    if (!(await verifyPassword(password, op.password_hash))) {
      await recordFailure(ctx, op.id, op.role);
      throw refuse();
    }
    if (op.disabled) throw new AppError('OPERATOR_DISABLED', 'This operator is disabled');
    const session: Session = {
      operatorId: op.id,
      username: op.username,
      displayName: op.display_name,
      role: op.role,
      mustChangePassword: op.must_change_password === 1,
      locked: false,
      lastActiveAt: now.getTime(),
    };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sign_in_failures').where('operator_id', '=', op.id).execute();
      await appendAudit(trx, {
        ...actor({ ...ctx, session }),
        action: 'session.signIn',
        entityType: 'operator',
        entityId: op.id,
      });
    });
    ctx.sessions.set(ctx.clientKey, session);
    return toSessionInfo(session);
  },

  async 'session:signOut'(ctx) {
    const { session } = ctx;
    if (session) {
      await ctx.db.transaction().execute((trx) =>
        appendAudit(trx, {
          ...actor(ctx),
          action: 'session.signOut',
          entityType: 'operator',
          entityId: session.operatorId,
        }),
      );
    }
    ctx.sessions.delete(ctx.clientKey);
    return null;
  },

  async 'session:lock'(ctx) {
    if (ctx.session) ctx.session.locked = true;
    return null;
  },

  async 'session:unlock'(ctx, { password }) {
    const session = requireSession(ctx);
    const op = await ctx.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', session.operatorId)
      .executeTakeFirstOrThrow();
    if (op.disabled) {
      ctx.sessions.delete(ctx.clientKey);
      throw new AppError('OPERATOR_DISABLED', 'This operator is disabled');
    }
    if (op.locked_until && op.locked_until > ctx.now().toISOString()) {
      throw new AppError('ACCOUNT_LOCKED_OUT', `Too many failed attempts; try again after ${op.locked_until}`);
    }
    if (!(await verifyPassword(password, op.password_hash))) {
      await recordFailure(ctx, op.id, op.role);
      throw new AppError('INVALID_CREDENTIALS', 'Wrong password');
    }
    session.locked = false;
    session.lastActiveAt = ctx.now().getTime();
    return toSessionInfo(session);
  },

  async 'session:changePassword'(ctx, { currentPassword, newPassword }) {
    const session = requireSession(ctx);
    if (session.locked) throw new AppError('SESSION_LOCKED', 'The console is locked');
    const op = await ctx.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', session.operatorId)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(currentPassword, op.password_hash))) {
      await recordFailure(ctx, op.id, op.role);
      throw new AppError('INVALID_CREDENTIALS', 'Wrong password');
    }
    assertStrongPassword(newPassword);
    const hash = await hashPassword(newPassword);
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('operators')
        .set({ password_hash: hash, must_change_password: 0, version: op.version + 1 })
        .where('id', '=', op.id)
        .execute();
      await appendAudit(trx, {
        ...actor(ctx),
        action: 'operator.passwordChanged',
        entityType: 'operator',
        entityId: op.id,
      });
    });
    session.mustChangePassword = false;
    return toSessionInfo(session);
  },
};
