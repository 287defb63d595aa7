import { writeBackupSettings } from '../../db/backup';
import { appendAudit } from '../../db/audit';
import { requireSqlite } from '../../db/engine';
import { AppError } from '../../../shared/contract/errors';
import type { Handlers } from '../core/dispatch';
import type { AuthedContext } from '../core/context';
import { actor } from '../core/permissions';
import { approveRestore, backupStatus, cancelRestore, requestRestore, runBackup } from './runtime';

type BackupChannels =
  | 'backups:status'
  | 'backups:configure'
  | 'backups:run'
  | 'backups:pickFolder'
  | 'backups:requestRestore'
  | 'backups:cancelRestore'
  | 'backups:approveRestore';

const who = (ctx: AuthedContext) => ({
  operatorId: ctx.session.operatorId,
  operatorRole: ctx.session.role,
  host: ctx.host,
  name: ctx.session.displayName,
});

/**
 * Settings → Backups (administrators: system.integrity, checked by dispatch). SQLite only: a
 * team database is backed up by its DBA with pg_dump (README), so these answer NOT_SUPPORTED.
 */
export const backupHandlers: Pick<Handlers, BackupChannels> = {
  async 'backups:status'(ctx) {
    return backupStatus(ctx.engine);
  },
  async 'backups:configure'(ctx, input) {
    const before = backupStatus(ctx.engine).settings;
    const settings = writeBackupSettings(requireSqlite(ctx.engine, 'Backups of the database').name, input);
    await ctx.db.transaction().execute((trx) =>
      appendAudit(trx, {
        ...actor(ctx),
        action: 'backup.settingsChanged',
        entityType: 'database',
        entityId: null,
        before: { ...before },
        after: { ...settings },
      }),
    );
    return settings;
  },
  async 'backups:pickFolder'() {
    // The desktop host replaces this handler with one that opens the OS dialog (electron/main/folder-dialog.ts).
    throw new AppError('BACKUP_PICK_UNSUPPORTED', 'Browser mode has no folder dialog; type the folder instead');
  },
  async 'backups:run'(ctx) {
    return runBackup(ctx.engine, who(ctx), 'manual');
  },
  async 'backups:requestRestore'(ctx, input) {
    return requestRestore(ctx.engine, who(ctx), input.backup, input.reason);
  },
  async 'backups:cancelRestore'(ctx, input) {
    cancelRestore(ctx.engine, who(ctx), input.requestId);
    return null;
  },
  async 'backups:approveRestore'(ctx, input) {
    return approveRestore(ctx.engine, who(ctx), input.requestId);
  },
};
