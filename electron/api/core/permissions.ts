import type { Permission } from '../../../shared/domain/roles';
import { appendAudit } from '../../db/audit';
import type { HandlerContext, Services, Session } from './context';

/** A refused call is itself an event worth keeping: who tried what. */
export async function auditForbidden(services: Services, session: Session, channel: string, permission: Permission) {
  const lastId = await services.db.transaction().execute((trx) =>
    appendAudit(trx, {
      at: services.now().toISOString(),
      operatorId: session.operatorId,
      operatorRole: session.role,
      action: 'access.forbidden',
      entityType: 'channel',
      entityId: channel,
      after: { permission },
      host: services.host,
    }),
  );
  services.emit('audit:appended', { lastId });
}

/** The actor fields every audit entry written by a handler shares. */
export function actor(ctx: HandlerContext) {
  return {
    at: ctx.now().toISOString(),
    operatorId: ctx.session?.operatorId ?? null,
    operatorRole: ctx.session?.role ?? null,
    host: ctx.host,
  } as const;
}
