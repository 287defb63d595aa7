import { AppError } from '../../../shared/contract/errors';
import type { ApprovalLimit, Operator } from '../../../shared/contract/operators';
import { appendAudit } from '../../db/audit';
import type { ApprovalLimitsTable, OperatorsTable } from '../../db/schema';
import type { Selectable, Updateable } from 'kysely';
import type { HandlerContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { assertStrongPassword, hashPassword } from '../session/passwords';
import { actor } from '../core/permissions';

function toOperator(row: Selectable<OperatorsTable>): Operator {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    lockedUntil: row.locked_until,
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
    const rows = await ctx.db.selectFrom('operators').selectAll().orderBy('username').execute();
    return rows.map(toOperator);
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
    const row = await ctx.db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('operators')
        .values({
          username: input.username,
          display_name: input.displayName,
          role: input.role,
          password_hash: hash,
          must_change_password: 1,
          created_at: ctx.now().toISOString(),
          locked_until: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        ...actor(ctx),
        action: 'operator.created',
        entityType: 'operator',
        entityId: created.id,
        after: { username: created.username, displayName: created.display_name, role: created.role },
      });
      return created;
    });
    ctx.emit('operators:changed', { id: row.id });
    return toOperator(row);
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
    const row = await ctx.db.transaction().execute(async (trx) => {
      const updated = await updateVersioned(trx, id, expectedVersion, set);
      await appendAudit(trx, {
        ...actor(ctx),
        action: 'operator.updated',
        entityType: 'operator',
        entityId: id,
        before: pick(toOperator(before), Object.keys(changes)),
        after: pick(toOperator(updated), Object.keys(changes)),
      });
      return updated;
    });
    // A disabled operator's open sessions end now, not at their next sign-in.
    if (row.disabled) for (const [key, s] of ctx.sessions) if (s.operatorId === id) ctx.sessions.delete(key);
    for (const s of ctx.sessions.values()) if (s.operatorId === id) s.role = row.role;
    ctx.emit('operators:changed', { id });
    return toOperator(row);
  },

  async 'operators:resetPassword'(ctx, { id, expectedVersion, temporaryPassword }) {
    assertStrongPassword(temporaryPassword);
    await loadForUpdate(ctx, id, expectedVersion); // NOT_FOUND or STALE_VERSION before hashing
    const hash = await hashPassword(temporaryPassword);
    const row = await ctx.db.transaction().execute(async (trx) => {
      const updated = await updateVersioned(trx, id, expectedVersion, {
        password_hash: hash,
        must_change_password: 1,
        locked_until: null,
      });
      await appendAudit(trx, {
        ...actor(ctx),
        action: 'operator.passwordReset',
        entityType: 'operator',
        entityId: id,
        after: { mustChangePassword: true },
      });
      return updated;
    });
    ctx.emit('operators:changed', { id });
    return toOperator(row);
  },

  async 'limits:list'(ctx) {
    const rows = await ctx.db.selectFrom('approval_limits').selectAll().orderBy('kind').orderBy('max_minor').execute();
    return rows.map(toLimit);
  },

  async 'limits:update'(ctx, { role, kind, currency, maxMinor, note }) {
    const row = await ctx.db.transaction().execute(async (trx) => {
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
      await appendAudit(trx, {
        ...actor(ctx),
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

function pick<T extends object>(obj: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (obj as Record<string, unknown>)[k]]));
}
