import { z } from 'zod';
import {
  AppError,
  contract,
  type ChannelName,
  type IsPublic,
  type OutputOf,
  type ParsedInputOf,
  type Result,
} from '../../../shared/contract';
import { can } from '../../../shared/domain/roles';
import type { AuthedContext, HandlerContext, Services } from './context';
import { auditForbidden } from './permissions';
import { currentSession } from './session-store';
import { runWithRetry } from '../../db/retry';
import { isUnavailable } from '../../db/postgres/connect';

/** What a channel's handler is given: a session for every channel behind a permission. */
export type ContextOf<C extends ChannelName> = IsPublic<C> extends true ? HandlerContext : AuthedContext;

export type Handler<C extends ChannelName> = (ctx: ContextOf<C>, input: ParsedInputOf<C>) => Promise<OutputOf<C>>;

/** One handler per channel: a missing or extra key is a compile error. */
export type Handlers = { [C in ChannelName]: Handler<C> };

/** Channels a locked or must-change-password session may still call. */
const ALWAYS_ALLOWED = new Set<string>([
  'session:current',
  'session:unlock',
  'session:signOut',
  'session:lock',
  'session:changePassword',
  'app:info',
  'app:ping',
]);

/**
 * The single entry point for both hosts: validate, check the session and the
 * permission, run the handler, and turn any failure into the error envelope.
 */
export async function dispatch(
  services: Services,
  handlers: Handlers,
  clientKey: string,
  channelName: string,
  payload: unknown,
): Promise<Result<unknown>> {
  try {
    if (!Object.hasOwn(contract, channelName)) {
      throw new AppError('UNKNOWN_CHANNEL', `No channel named ${channelName.slice(0, 80)}`);
    }
    const name = channelName as ChannelName;
    const def = contract[name];
    const parsed = def.input.safeParse(payload);
    if (!parsed.success) throw validationError(parsed.error);

    const session = currentSession(services, clientKey);
    if (def.permission !== null) {
      if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      if (session.locked && !ALWAYS_ALLOWED.has(name)) throw new AppError('SESSION_LOCKED', 'The console is locked');
      if (session.mustChangePassword && !ALWAYS_ALLOWED.has(name)) {
        throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Set a new password first');
      }
      if (!can(session.role, def.permission)) {
        await auditForbidden(services, session, name, def.permission);
        throw new AppError('FORBIDDEN', `Role ${session.role} may not call ${name}`);
      }
    }
    // For a channel with a permission the checks above have established the session (AuthedContext).
    const ctx: HandlerContext = { ...services, clientKey, session, request: { channel: name, input: parsed.data } };
    const handler = handlers[name] as (ctx: HandlerContext, input: unknown) => Promise<unknown>;
    const auditBefore = def.writes ? await lastAuditId(services) : 0;
    const data = await runWithRetry(() => handler(ctx, parsed.data));
    // Every change is audited, so one event tells every window that something changed; a
    // writing channel that had nothing to write this time (a search by name) sends none.
    if (def.writes) {
      const lastId = await lastAuditId(services);
      if (lastId !== auditBefore) services.emit('audit:appended', { lastId });
    }
    return { ok: true, data: data ?? null };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}

function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues.slice(0, 20)) {
    fields[issue.path.join('.') || '(input)'] = issue.code;
  }
  const first = error.issues[0];
  return new AppError(
    'VALIDATION',
    `Invalid input at ${first?.path.join('.') || 'input'}: ${first?.message ?? ''}`,
    fields,
  );
}

/** Known errors pass through; anything else is logged here and reported without its stack. */
function toErrorData(err: unknown): { code: AppError['code']; message: string; fields?: Record<string, string> } {
  if (err instanceof AppError)
    return { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
  if (isUnavailable(err)) {
    return { code: 'DATABASE_UNAVAILABLE', message: 'The team database cannot be reached. Nothing was saved.' };
  }
  console.error('[dispatch] unexpected error', err);
  return { code: 'INTERNAL', message: 'Something went wrong in the console. The change was not saved.' };
}

async function lastAuditId(services: Services): Promise<number> {
  const row = await services.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
