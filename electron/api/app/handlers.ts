import { AppError } from '../../../shared/contract/errors';
import { appendAudit } from '../../db/audit';
import { schemaVersion } from '../../db/open';
import type { Handlers } from '../core/dispatch';
import { actor } from '../core/permissions';
import { forgetSettings, isValidTimeZone, readSettings } from '../../db/settings';

export const APP_VERSION = '0.1.0';

export const appHandlers: Pick<Handlers, 'app:info' | 'app:ping' | 'settings:get' | 'settings:update'> = {
  async 'app:info'(ctx) {
    const demo = ctx.sqlite.prepare("SELECT value FROM settings WHERE key = 'demo'").get() as
      { value: string } | undefined;
    return {
      name: 'Wallet Ops Console',
      version: APP_VERSION,
      host: ctx.host,
      schemaVersion: schemaVersion(ctx.sqlite),
      timeZone: readSettings(ctx.sqlite).timeZone,
      demo: demo?.value === 'true',
    };
  },

  async 'app:ping'(_ctx, { fail }) {
    if (fail) throw new AppError('NOT_FOUND', 'Ping asked to fail');
    return { pong: true };
  },

  async 'settings:get'(ctx) {
    return readSettings(ctx.sqlite);
  },

  async 'settings:update'(ctx, changes) {
    if (changes.timeZone !== undefined && !isValidTimeZone(changes.timeZone)) {
      throw new AppError('VALIDATION', `Unknown time zone ${changes.timeZone}`, { timeZone: 'invalid_time_zone' });
    }
    const before = readSettings(ctx.sqlite);
    await ctx.db.transaction().execute(async (trx) => {
      for (const [key, value] of Object.entries(changes)) {
        await trx
          .insertInto('settings')
          .values({ key: `console.${key}`, value: JSON.stringify(value) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
          .execute();
      }
      await appendAudit(trx, {
        ...actor(ctx),
        action: 'settings.updated',
        entityType: 'settings',
        entityId: null,
        before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof typeof before]])),
        after: changes,
      });
    });
    forgetSettings(ctx.sqlite);
    ctx.emit('settings:changed', {});
    return readSettings(ctx.sqlite);
  },
};
