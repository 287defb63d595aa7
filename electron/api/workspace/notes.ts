import { AppError } from '../../../shared/contract/errors';
import type { Note, NoteEntityType } from '../../../shared/contract/notes';
import type { DB } from '../../db/schema';
import type { HandlerContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { change } from '../core/change';

/** The table each note-bearing entity lives in, so a note never hangs off a missing row. */
const ENTITY_TABLES: Record<NoteEntityType, keyof DB> = {
  freeze_case: 'freeze_cases',
  refund_request: 'refund_requests',
  customer: 'customers',
  account: 'accounts',
  transaction: 'transactions',
  service_case: 'service_cases',
};

/** Adds a note inside the caller's transaction (decisions keep their note in the thread too). */
export async function insertNote(
  trx: Trx,
  n: { entityType: NoteEntityType; entityId: number; operatorId: number; body: string; at: string },
): Promise<number> {
  const row = await trx
    .insertInto('notes')
    .values({
      entity_type: n.entityType,
      entity_id: n.entityId,
      operator_id: n.operatorId,
      body: n.body,
      created_at: n.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function loadNotes(ctx: HandlerContext, entityType: NoteEntityType, entityId: number, limit: number) {
  const rows = await ctx.db
    .selectFrom('notes as n')
    .innerJoin('operators as o', 'o.id', 'n.operator_id')
    .select(['n.id', 'n.entity_type', 'n.entity_id', 'n.operator_id', 'o.display_name', 'n.body', 'n.created_at'])
    .where('n.entity_type', '=', entityType)
    .where('n.entity_id', '=', entityId)
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r): Note => ({
    id: r.id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    operatorId: r.operator_id,
    operatorName: r.display_name,
    body: r.body,
    createdAt: r.created_at,
  }));
}

export const noteHandlers: Pick<Handlers, 'notes:list' | 'notes:add'> = {
  async 'notes:list'(ctx, { entityType, entityId, limit }) {
    return loadNotes(ctx, entityType, entityId, limit);
  },

  async 'notes:add'(ctx, { entityType, entityId, body }) {
    const me = ctx.session.operatorId;
    const { noteId, auditId } = await change(ctx, async ({ trx, audit }) => {
      const exists = await trx
        .selectFrom(ENTITY_TABLES[entityType])
        .select('id')
        .where('id', '=', entityId)
        .executeTakeFirst();
      if (!exists) throw new AppError('NOT_FOUND', `No ${entityType} ${entityId}`);
      const at = ctx.now().toISOString();
      const noteId = await insertNote(trx, { entityType, entityId, operatorId: me, body, at });
      const auditId = await audit({
        action: 'note.added',
        entityType,
        entityId,
        after: { noteId },
        note: body,
      });
      return { noteId, auditId };
    });
    ctx.emit('notes:changed', { entityType, entityId });
    ctx.emit('audit:appended', { lastId: auditId });
    const [note] = (await loadNotes(ctx, entityType, entityId, 20)).filter((n) => n.id === noteId);
    return note;
  },
};
