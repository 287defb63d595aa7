import type { EventName, Events } from '../../../shared/contract';
import { appendAudit, appendAuditBatch, type AuditEntry } from '../../db/audit';
import type { HandlerContext, Services, Trx } from './context';
import { actor } from './permissions';

/** An audit event as a handler writes it: who, when and from where are the envelope's. */
export type AuditFields = Omit<AuditEntry, 'at' | 'operatorId' | 'operatorRole' | 'host'>;

/** What the work inside one state change can do. */
export interface Change {
  trx: Trx;
  /** Appends an audit event as the caller (or as the system, for due work), in this transaction. */
  audit(entry: AuditFields): Promise<number>;
  /** Several audit events at once; the id of the last, or null for none. */
  auditAll(entries: AuditFields[]): Promise<number | null>;
  /** Tells the desks, once the transaction has committed. */
  tell<E extends EventName>(event: E, payload: Events[E]): void;
}

type Told = { [E in EventName]: { event: E; payload: Events[E] } }[EventName];

/**
 * The write envelope: one state change is one transaction. Its rows and its audit events
 * commit together, and the events that tell the desks go out only after the commit, so a
 * change that rolls back, or that PostgreSQL refuses and the dispatch retries, tells no one.
 * Each attempt starts with an empty list of events, so a retried attempt does not tell twice.
 */
export async function change<T>(ctx: HandlerContext | Services, work: (c: Change) => Promise<T>): Promise<T> {
  const dispatched = 'clientKey' in ctx;
  const by = dispatched ? actor(ctx) : systemActor(ctx);
  let told: Told[] = [];
  let lastAudit: number | null = null;
  const audited = (id: number | null) => ((lastAudit = id ?? lastAudit), id);
  const result = await ctx.db.transaction().execute((trx) => {
    told = [];
    lastAudit = null;
    return work({
      trx,
      audit: async (entry) => audited(await appendAudit(trx, { ...by, ...entry }))!,
      auditAll: async (entries) =>
        audited(
          await appendAuditBatch(
            trx,
            entries.map((e) => ({ ...by, ...e })),
          ),
        ),
      tell: (event, payload) => void told.push({ event, payload } as Told),
    });
  });
  for (const t of told) ctx.emit(t.event, t.payload);
  // A dispatched call's new audit events are announced by the dispatch; due work announces its own.
  if (!dispatched && lastAudit !== null) ctx.emit('audit:appended', { lastId: lastAudit });
  return result;
}

/** Work the app does on its own (the due-work timer): no operator, and the host is the system. */
function systemActor(services: Services) {
  return { at: services.now().toISOString(), operatorId: null, operatorRole: null, host: 'system' } as const;
}
