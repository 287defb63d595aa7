import { AppError } from '../../../shared/contract/errors';
import { appendAudit } from '../../db/audit';
import type { Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { assertStrongPassword, hashPassword } from '../session/passwords';
import { actor } from '../core/permissions';
import { loadDemo } from '../../seed/load-demo';

async function operatorCount(trx: Pick<Trx, 'selectFrom'>): Promise<number> {
  const row = await trx
    .selectFrom('operators')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function alreadySetUp(): never {
  throw new AppError('ALREADY_SET_UP', 'This database already has operators');
}

/**
 * First run: an empty database (new, or a 0-byte file) starts with no operator and no demo
 * credentials. The person installing the console either creates the first administrator with
 * a password of their own (no password is ever printed), or asks for the demo dataset.
 */
/** The demo load running on each engine, so a double click joins it instead of racing it. */
const loading = new Map<number, ReturnType<typeof loadDemo>>();

export const setupHandlers: Pick<Handlers, 'setup:status' | 'setup:createAdmin' | 'setup:loadDemo'> = {
  async 'setup:status'(ctx) {
    return { firstRun: (await operatorCount(ctx.db)) === 0 };
  },

  async 'setup:createAdmin'(ctx, input) {
    assertStrongPassword(input.password);
    const hash = await hashPassword(input.password);
    const created = await ctx.db.transaction().execute(async (trx) => {
      // Checked inside the write transaction: two first-run screens cannot both succeed.
      if ((await operatorCount(trx)) > 0) alreadySetUp();
      const row = await trx
        .insertInto('operators')
        .values({
          username: input.username,
          display_name: input.displayName,
          role: 'admin',
          password_hash: hash,
          must_change_password: 0,
          created_at: ctx.now().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        ...actor(ctx),
        action: 'operator.created',
        entityType: 'operator',
        entityId: row.id,
        after: { username: row.username, displayName: row.display_name, role: row.role, firstRun: true },
      });
      return row;
    });
    ctx.emit('operators:changed', { id: created.id });
    return { username: created.username };
  },

  async 'setup:loadDemo'(ctx) {
    if ((await operatorCount(ctx.db)) > 0) alreadySetUp();
    // On PostgreSQL the generator writes a scratch SQLite file that is copied in (loadDemo).
    // A second click while one load runs joins it; a second desk (team mode) waits for the first
    // desk's copy and is then told the console is set up.
    const running = loading.get(ctx.engine.id) ?? loadDemo(ctx.engine);
    loading.set(ctx.engine.id, running);
    const summary = await running
      .catch(async (err) => {
        if ((await operatorCount(ctx.db)) > 0) alreadySetUp();
        throw err;
      })
      .finally(() => loading.delete(ctx.engine.id));
    ctx.emit('operators:changed', { id: 0 });
    ctx.emit('settings:changed', {});
    return { customers: summary.customers };
  },
};
