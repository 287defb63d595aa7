import { AppError } from '../../../shared/contract/errors';
import type { Handlers } from '../core/dispatch';
import { isValidTimeZone, loadSettings, readSettings } from '../../db/settings';
import { change } from '../core/change';
import { sql } from 'kysely';
import { ROLLUP_ZONE_KEY } from '../../db/rollups/local';
import { noteZoneChange } from '../../db/rollups/rebuild';
import { resumeRollupRebuild } from '../../workers/rollup-rebuild-run';

export const APP_VERSION = '0.1.0';

export const appHandlers: Pick<Handlers, 'app:info' | 'app:ping' | 'settings:get' | 'settings:update'> = {
  async 'app:info'(ctx) {
    const demo = await ctx.db.selectFrom('settings').select('value').where('key', '=', 'demo').executeTakeFirst();
    return {
      name: 'Wallet Ops Console',
      version: APP_VERSION,
      host: ctx.host,
      schemaVersion: await ctx.engine.schemaVersion(),
      timeZone: readSettings(ctx.engine).timeZone,
      demo: demo?.value === 'true',
    };
  },

  async 'app:ping'(_ctx, { fail }) {
    if (fail) throw new AppError('NOT_FOUND', 'Ping asked to fail');
    return { pong: true };
  },

  async 'settings:get'(ctx) {
    return readSettings(ctx.engine);
  },

  async 'settings:update'(ctx, changes) {
    if (changes.timeZone !== undefined && !isValidTimeZone(changes.timeZone)) {
      throw new AppError('VALIDATION', `Unknown time zone ${changes.timeZone}`, { timeZone: 'invalid_time_zone' });
    }
    const before = readSettings(ctx.engine);
    await change(ctx, async ({ trx, audit }) => {
      for (const [key, value] of Object.entries(changes)) {
        await trx
          .insertInto('settings')
          .values({ key: `console.${key}`, value: JSON.stringify(value) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
          .execute();
      }
      if (changes.timeZone !== undefined && ctx.engine.sqlite) {
        // SQLite rebuilds the day and hour rollups on a worker, the old ones readable meanwhile;
        // PostgreSQL rebuilds them in the transaction of their next reader (syncLocalRollupsIn).
        const built = await trx
          .selectFrom('settings')
          .select('value')
          .where('key', '=', ROLLUP_ZONE_KEY)
          .executeTakeFirst();
        for (const s of noteZoneChange(built ? JSON.parse(built.value) : null, changes.timeZone))
          await sql.raw(s).execute(trx);
      }
      await audit({
        action: 'settings.updated',
        entityType: 'settings',
        entityId: null,
        before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof typeof before]])),
        after: changes,
      });
    });
    await loadSettings(ctx.engine);
    if (ctx.engine.sqlite) resumeRollupRebuild(ctx.engine.sqlite, () => ctx.emit('settings:changed', {}));
    ctx.emit('settings:changed', {});
    return readSettings(ctx.engine);
  },
};
