import { AppError } from '../../../shared/contract/errors';
import type { SessionInfo } from '../../../shared/contract/session';
import { ROLE_PERMISSIONS } from '../../../shared/domain/roles';
import { appendAudit } from '../../db/audit';
import type { HandlerContext, Session } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { assertStrongPassword, hashPassword, needsRehash, verifyPassword } from './passwords';
import { actor } from '../core/permissions';
import { endSessions, recordActivity } from '../core/session-store';
import { assertNotThrottled, clearFailures, recordFailure } from './throttle';
import { change } from '../core/change';

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

export const sessionHandlers: Pick<
  Handlers,
  | 'session:current'
  | 'session:activity'
  | 'session:signIn'
  | 'session:signOut'
  | 'session:lock'
  | 'session:unlock'
  | 'session:changePassword'
> = {
  async 'session:current'(ctx) {
    return ctx.session ? toSessionInfo(ctx.session) : null;
  },

  async 'session:activity'(ctx) {
    if (ctx.session) recordActivity(ctx, ctx.session);
    return null;
  },

  async 'session:signIn'(ctx, { username, password }) {
    await assertNotThrottled(ctx, username);
    const op = await findOperator(ctx, username);
    // One key derivation whether or not the user exists, and one generic refusal, so
    // neither the answer nor the time it takes tells a wrong password from an unknown user.
    const matches = await verifyPassword(password, op?.password_hash ?? null);
    if (!op || !matches) {
      await recordFailure(ctx, username, op ? { id: op.id, role: op.role } : null);
      throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
    }
    if (op.disabled) throw new AppError('OPERATOR_DISABLED', 'This operator is disabled');
    // A hash made at an older, cheaper cost is replaced now, while the password is at hand.
    const rehashed = needsRehash(op.password_hash) ? await hashPassword(password) : null;
    const now = ctx.now();
    const session: Session = {
      operatorId: op.id,
      username: op.username,
      displayName: op.display_name,
      role: op.role,
      mustChangePassword: op.must_change_password === 1,
      locked: false,
      lastActiveAt: now.getTime(),
    };
    await change(ctx, async ({ trx }) => {
      await clearFailures(trx, username);
      if (rehashed)
        await trx.updateTable('operators').set({ password_hash: rehashed }).where('id', '=', op.id).execute();
      await appendAudit(trx, {
        ...actor({ ...ctx, session }),
        action: 'session.signIn',
        entityType: 'operator',
        entityId: op.id,
        ...(rehashed ? { after: { passwordRehashed: true } } : {}),
      });
    });
    ctx.sessions.set(ctx.clientKey, session);
    return toSessionInfo(session);
  },

  async 'session:signOut'(ctx) {
    const { session } = ctx;
    if (session) {
      await change(ctx, ({ audit }) =>
        audit({
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
    await assertNotThrottled(ctx, op.username);
    if (!(await verifyPassword(password, op.password_hash))) {
      await recordFailure(ctx, op.username, op);
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
    await assertNotThrottled(ctx, op.username);
    if (!(await verifyPassword(currentPassword, op.password_hash))) {
      await recordFailure(ctx, op.username, op);
      throw new AppError('INVALID_CREDENTIALS', 'Wrong password');
    }
    assertStrongPassword(newPassword);
    const hash = await hashPassword(newPassword);
    await change(ctx, async ({ trx, audit }) => {
      await trx
        .updateTable('operators')
        .set({ password_hash: hash, must_change_password: 0, version: op.version + 1 })
        .where('id', '=', op.id)
        .execute();
      await audit({
        action: 'operator.passwordChanged',
        entityType: 'operator',
        entityId: op.id,
      });
    });
    session.mustChangePassword = false;
    // The operator's other windows were signed in with the old password: they end now.
    endSessions(ctx, op.id, ctx.clientKey);
    return toSessionInfo(session);
  },
};
