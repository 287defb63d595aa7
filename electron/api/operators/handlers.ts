import { AppError } from '../../../shared/contract/errors';
import type { ApprovalLimit, Operator } from '../../../shared/contract/operators';
import type { Role } from '../../../shared/domain/roles';
import type { ApprovalLimitsTable, OperatorsTable } from '../../db/schema';
import type { Selectable, Updateable } from 'kysely';
import type { HandlerContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { assertStrongPassword, hashPassword } from '../session/passwords';
import { endSessions } from '../core/session-store';
import { clearFailures } from '../session/throttle';
import { change } from '../core/change';

type OperatorRow = Selectable<OperatorsTable> & { blocked_until?: string | null };

function toOperator(row: OperatorRow, now: Date): Operator {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    // Sign-in throttling is kept per username (session/throttle.ts); a block already over is no lock.
    lockedUntil: row.blocked_until && row.blocked_until > now.toISOString() ? row.blocked_until : null,
    createdAt: row.created_at,
    version: row.version,
  };
}

/** Applies a change only if nobody changed the operator since it was read (optimistic concurrency). */
async function updateVersioned(trx: Trx, id: number, expectedVersion: number, set: Updateable<OperatorsTable>) {
  const updated = await trx
    .updateTable('operators')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new AppError('STALE_VERSION', 'This operator was changed by someone else; reload');
  return updated;
}

/** Operators with their username's sign-in block, as Settings lists them. */
function operatorsWithBlocks(ctx: HandlerContext) {
  return ctx.db
    .selectFrom('operators as o')
    .leftJoin('sign_in_throttle as s', (j) => j.onRef('s.subject', '=', 'o.username').on('s.scope', '=', 'user'))
    .selectAll('o')
    .select('s.blocked_until');
}

async function loadOperator(ctx: HandlerContext, id: number): Promise<Operator> {
  return toOperator(await operatorsWithBlocks(ctx).where('o.id', '=', id).executeTakeFirstOrThrow(), ctx.now());
}

async function loadForUpdate(ctx: HandlerContext, id: number, expectedVersion: number) {
  const row = await ctx.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No operator ${id}`);
  if (row.version !== expectedVersion)
    throw new AppError('STALE_VERSION', 'This operator was changed by someone else; reload');
  return row;
}

export const operatorHandlers: Pick<
  Handlers,
  | 'operators:directory'
  | 'operators:list'
  | 'operators:create'
  | 'operators:update'
  | 'operators:resetPassword'
  | 'limits:list'
  | 'limits:update'
> = {
  async 'operators:directory'(ctx) {
    const rows = await ctx.db
      .selectFrom('operators')
      .select(['id', 'display_name', 'role'])
      .orderBy('display_name')
      .execute();
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
  },

  async 'operators:list'(ctx) {
    const rows = await operatorsWithBlocks(ctx).orderBy('o.username').execute();
    return rows.map((r) => toOperator(r, ctx.now()));
  },

  async 'operators:create'(ctx, input) {
    assertStrongPassword(input.initialPassword);
    const hash = await hashPassword(input.initialPassword);
    const taken = await ctx.db
      .selectFrom('operators')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (taken) throw new AppError('USERNAME_TAKEN', `The username ${input.username} is taken`);
    const row = await change(ctx, async ({ trx, audit }) => {
      const created = await trx
        .insertInto('operators')
        .values({
          username: input.username,
          display_name: input.displayName,
          role: input.role,
          password_hash: hash,
          must_change_password: 1,
          created_at: ctx.now().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit({
        action: 'operator.created',
        entityType: 'operator',
        entityId: created.id,
        after: { username: created.username, displayName: created.display_name, role: created.role },
      });
      return created;
    });
    ctx.emit('operators:changed', { id: row.id });
    return loadOperator(ctx, row.id);
  },

  async 'operators:update'(ctx, { id, expectedVersion, ...changes }) {
    const before = await loadForUpdate(ctx, id, expectedVersion);
    // An admin cannot demote or disable themself and lock everyone out of Settings.
    if (id === ctx.session?.operatorId && (changes.role !== undefined || changes.disabled !== undefined)) {
      throw new AppError('CANNOT_MODIFY_SELF', 'You cannot change your own role or disable yourself');
    }
    const set = {
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
    };
    const now = ctx.now();
    // Disabling or a new role ends the operator's open sessions now, not at their next sign-in:
    // a window signed in under the old role must not keep its permissions.
    const endsSessions = (changes.disabled === true && before.disabled === 0) || roleChanges(before, changes.role);
    const sessions = endsSessions ? openSessions(ctx, id) : 0;
    await change(ctx, async ({ trx, audit }) => {
      const updated = await updateVersioned(trx, id, expectedVersion, set);
      await audit({
        action: 'operator.updated',
        entityType: 'operator',
        entityId: id,
        before: pick(toOperator(before, now), Object.keys(changes)),
        after: {
          ...pick(toOperator(updated, now), Object.keys(changes)),
          ...(sessions ? { sessionsEnded: sessions } : {}),
        },
      });
    });
    if (endsSessions) endSessions(ctx, id);
    ctx.emit('operators:changed', { id });
    return loadOperator(ctx, id);
  },

  async 'operators:resetPassword'(ctx, { id, expectedVersion, temporaryPassword }) {
    assertStrongPassword(temporaryPassword);
    await loadForUpdate(ctx, id, expectedVersion); // NOT_FOUND or STALE_VERSION before hashing
    const hash = await hashPassword(temporaryPassword);
    const sessions = openSessions(ctx, id);
    await change(ctx, async ({ trx, audit }) => {
      const updated = await updateVersioned(trx, id, expectedVersion, {
        password_hash: hash,
        must_change_password: 1,
      });
      // A reset also lifts any sign-in block on the username.
      await clearFailures(trx, updated.username);
      await audit({
        action: 'operator.passwordReset',
        entityType: 'operator',
        entityId: id,
        after: { mustChangePassword: true, ...(sessions ? { sessionsEnded: sessions } : {}) },
      });
    });
    // Whoever is signed in as this operator signed in with the old password: they are out now.
    endSessions(ctx, id);
    ctx.emit('operators:changed', { id });
    return loadOperator(ctx, id);
  },

  async 'limits:list'(ctx) {
    const rows = await ctx.db.selectFrom('approval_limits').selectAll().orderBy('kind').orderBy('max_minor').execute();
    return rows.map(toLimit);
  },

  async 'limits:update'(ctx, { role, kind, currency, maxMinor, note }) {
    const row = await change(ctx, async ({ trx, audit }) => {
      const before = await trx
        .selectFrom('approval_limits')
        .selectAll()
        .where('role', '=', role)
        .where('kind', '=', kind)
        .where('currency', '=', currency)
        .executeTakeFirst();
      const saved = await trx
        .insertInto('approval_limits')
        .values({ role, kind, currency, max_minor: maxMinor })
        .onConflict((oc) => oc.columns(['role', 'kind', 'currency']).doUpdateSet({ max_minor: maxMinor }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit({
        action: 'limit.updated',
        entityType: 'approval_limit',
        entityId: `${role}/${kind}/${currency}`,
        before: before ? { maxMinor: before.max_minor } : null,
        after: { maxMinor },
        note,
      });
      return saved;
    });
    return toLimit(row);
  },
};

function toLimit(row: Selectable<ApprovalLimitsTable>): ApprovalLimit {
  return { role: row.role, kind: row.kind, currency: row.currency, maxMinor: row.max_minor };
}

const roleChanges = (before: { role: string }, role: Role | undefined) => role !== undefined && role !== before.role;

function openSessions(ctx: HandlerContext, operatorId: number): number {
  return [...ctx.sessions.values()].filter((s) => s.operatorId === operatorId).length;
}

function pick<T extends object>(obj: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (obj as Record<string, unknown>)[k]]));
}
