import { anchorOf } from '../../db/audit-anchor';
import { warningsOf } from '../../db/integrity-warnings';
import type { Handlers } from '../core/dispatch';

/** What the administrators see about the audit trail and the database's health. */
export const integrityHandlers: Pick<Handlers, 'integrity:status'> = {
  async 'integrity:status'(ctx) {
    const cp = anchorOf(ctx.sqlite)?.current() ?? null;
    return {
      warnings: warningsOf(ctx.sqlite),
      checkpoint: cp ? { count: cp.count, at: cp.at } : null,
    };
  },
};
