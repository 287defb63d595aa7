import { AppError } from '../../../shared/contract/errors';
import type { Handlers } from '../core/dispatch';

/**
 * The recovery channels of a healthy console: it says so, and restores nothing this way (a restore
 * of a working database goes through Settings → Backups and a second administrator).
 */
export const recoveryHandlers: Pick<Handlers, 'recovery:status' | 'recovery:restore'> = {
  async 'recovery:status'() {
    return { state: 'ok', problem: null, databaseFile: null, backups: [] };
  },
  async 'recovery:restore'() {
    throw new AppError('NOT_FOUND', 'No damaged database to recover: restore from Settings → Backups');
  },
};
