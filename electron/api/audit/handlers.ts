import type { Selectable } from 'kysely';
import type { AuditEvent } from '../../../shared/contract/audit';
import type { ParsedInputOf } from '../../../shared/contract';
import { clockFor } from '../../../shared/domain/business-time';
import { csvText } from '../../../shared/domain/csv';
import { verifyChain } from '../../db/audit';
import { anchorOf, readCheckpoint } from '../../db/audit-anchor';
import { keyForFile } from '../../db/encryption';
import { nativeBinding } from '../../host/native';
import { verifyChainOffMain } from '../../workers/backup-work';
import { appendOnlyMark, cachedCount, finishPage, keysetPage } from '../../db/keyset';
import type { AuditEventsTable } from '../../db/schema';
import type { HandlerContext } from '../core/context';
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

export const auditHandlers: Pick<Handlers, 'audit:list' | 'audit:verify' | 'audit:exportCsv'> = {
  async 'audit:list'(ctx, input) {
    const base = filtered(ctx, input.filter);
    const page = await keysetPage(
      base.selectAll('e').select(['o.display_name as operator_name', 'e.id as _sort', 'e.id as _id']),
      { value: 'e.id', id: 'e.id' },
      input,
    );
    const total = input.withTotal
      ? await cachedCount(
          `audit:${JSON.stringify(input.filter)}`,
          await appendOnlyMark(ctx, 'audit_events'),
          async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
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
    const zone = readSettings(ctx.engine).timeZone;
    // One clock for the export, its offsets cached per 15 minutes: toLocaleString per row cost 85 µs.
    const clock = clockFor(zone);
    const rows = await filtered(ctx, filter)
      .selectAll('e')
      .select('o.display_name as operator_name')
      .orderBy('e.id', 'desc')
      .limit(EXPORT_LIMIT + 1)
      .execute();
    const header = [
      'id',
      `time (${zone})`,
      'operator',
      'role',
      'action',
      'entity_type',
      'entity_id',
      'before',
      'after',
      'note',
      'host',
    ];
    const lines: unknown[][] = [header];
    for (const r of rows.slice(0, EXPORT_LIMIT)) {
      lines.push([
        r.id,
        clock.wallText(Date.parse(r.at)),
        r.operator_name,
        r.operator_role,
        r.action,
        r.entity_type,
        r.entity_id,
        r.before_json,
        r.after_json,
        r.note,
        r.host,
      ]);
    }
    // The file carries a signed checkpoint of the whole chain as it stood: whoever holds the
    // export can later show that events up to that count existed, with that head.
    const checkpoint = anchorOf(ctx.sqlite)?.snapshot() ?? null;
    if (checkpoint) {
      lines.push([
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
      ]);
    }
    return {
      csv: csvText(lines),
      rows: Math.min(rows.length, EXPORT_LIMIT),
      truncated: rows.length > EXPORT_LIMIT,
      checkpoint,
    };
  },
};
