import { countOf } from '../../workers/count-thread';
import type { Selectable } from 'kysely';
import type { AuditEvent } from '../../../shared/contract/audit';
import type { ParsedInputOf } from '../../../shared/contract';
import { clockFor } from '../../../shared/domain/business-time';
import { verifyChain } from '../../db/audit';
import { anchorOf, readCheckpoint } from '../../db/audit-anchor';
import { keyForFile } from '../../db/encryption';
import { nativeBinding } from '../../host/native';
import { verifyChainOffMain } from '../../workers/backup-work';
import { appendOnlyMark, cachedCount, finishPage, keysetPage } from '../../db/keyset';
import type { AuditEventsTable } from '../../db/schema';
import type { HandlerContext } from '../core/context';
import { csvExportCalls, exportBy, startCsvExport } from '../exports/csv-jobs';
import type { Handlers } from '../core/dispatch';
import { readSettings } from '../../db/settings';

type AuditFilter = ParsedInputOf<'audit:list'>['filter'];

const EXPORT_LIMIT = 100_000;

function filtered(ctx: HandlerContext, f: AuditFilter) {
  let q = ctx.db.selectFrom('audit_events as e').leftJoin('operators as o', 'o.id', 'e.operator_id');
  if (f.operatorId !== undefined) q = q.where('e.operator_id', '=', f.operatorId);
  if (f.action) q = q.where('e.action', '=', f.action);
  const actions = f.actions;
  if (actions) {
    q = q.where((eb) =>
      eb.or(
        // 'refund.' is the range ['refund.', 'refund/'): '/' sorts right after '.', and the index serves it.
        actions.map((a) =>
          a.endsWith('.')
            ? eb.and([eb('e.action', '>=', a), eb('e.action', '<', `${a.slice(0, -1)}/`)])
            : eb('e.action', '=', a),
        ),
      ),
    );
  }
  if (f.entityType) q = q.where('e.entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('e.entity_id', '=', f.entityId);
  if (f.from) q = q.where('e.at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('e.at', '<', new Date(f.to).toISOString());
  return q;
}

type Row = Selectable<AuditEventsTable> & { operator_name: string | null };

function toEvent(r: Row): AuditEvent {
  return {
    id: r.id,
    at: r.at,
    operatorId: r.operator_id,
    operatorName: r.operator_name,
    operatorRole: r.operator_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before_json ? JSON.parse(r.before_json) : null,
    after: r.after_json ? JSON.parse(r.after_json) : null,
    note: r.note,
    host: r.host,
  };
}

const auditExports = csvExportCalls('audit');

export const auditHandlers: Pick<
  Handlers,
  'audit:list' | 'audit:verify' | 'audit:exportCsv' | 'audit:exportStatus' | 'audit:exportChunk' | 'audit:exportCancel'
> = {
  async 'audit:list'(ctx, input) {
    const base = filtered(ctx, input.filter);
    const page = await keysetPage(
      base.selectAll('e').select(['o.display_name as operator_name', 'e.id as _sort', 'e.id as _id']),
      { value: 'e.id', id: 'e.id' },
      input,
    );
    const total = input.withTotal
      ? await cachedCount(`audit:${JSON.stringify(input.filter)}`, await appendOnlyMark(ctx, 'audit_events'), () =>
          countOf(
            ctx,
            base.select((eb) => eb.fn.countAll<number>().as('n')),
          ),
        )
      : null;
    return finishPage(page, toEvent, total);
  },

  async 'audit:verify'(ctx) {
    // SQLite: the host's anchor checks the keyed MACs and the signed checkpoint too, on the
    // checks thread. PostgreSQL has no anchor (README): the hash chain alone, chunked.
    const anchor = anchorOf(ctx.sqlite);
    if (!anchor || !ctx.sqlite) return verifyChain(ctx.db);
    const file = ctx.sqlite.name;
    const checkpoint = readCheckpoint(anchor.file, anchor.key);
    return verifyChainOffMain(
      file,
      { key: anchor.key, checkpoint, databaseKey: keyForFile(file), nativeBinding: nativeBinding() },
      () => anchor.verify(),
    );
  },

  async 'audit:exportCsv'(ctx, { filter }) {
    const timeZone = readSettings(ctx.engine).timeZone;
    // The columns in file order; `at` (1) is shown as the business zone's wall clock.
    const query = filtered(ctx, filter)
      .select([
        'e.id',
        'e.at',
        'o.display_name as operator_name',
        'e.operator_role',
        'e.action',
        'e.entity_type',
        'e.entity_id',
        'e.before_json',
        'e.after_json',
        'e.note',
        'e.host',
      ])
      .orderBy('e.id', 'desc')
      .limit(EXPORT_LIMIT + 1)
      .compile();
    const count = filtered(ctx, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .compile();
    // The file carries a signed checkpoint of the whole chain as it stood: whoever holds the
    // export can later show that events up to that count existed, with that head.
    const checkpoint = anchorOf(ctx.sqlite)?.snapshot() ?? null;
    const clock = clockFor(timeZone);
    const trailer = checkpoint
      ? [
          [
            '',
            clock.wallText(Date.parse(checkpoint.at)),
            '',
            '',
            'audit.checkpoint',
            'audit',
            checkpoint.count,
            '',
            checkpoint,
            'signed checkpoint of the whole chain',
            'system',
          ],
        ]
      : [];
    const status = startCsvExport({
      kind: 'audit',
      ...exportBy(ctx),
      query,
      count,
      layout: {
        header: [
          'id',
          `time (${timeZone})`,
          'operator',
          'role',
          'action',
          'entity_type',
          'entity_id',
          'before',
          'after',
          'note',
          'host',
        ],
        timeColumns: [1],
        timeZone,
        limit: EXPORT_LIMIT,
        trailer,
      },
    });
    return { ...status, checkpoint };
  },

  'audit:exportStatus': auditExports.status,
  'audit:exportChunk': auditExports.chunk,
  'audit:exportCancel': auditExports.cancel,
};
