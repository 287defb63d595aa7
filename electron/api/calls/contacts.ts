import { countOf } from '../../workers/count-thread';
import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema';
import type { ContactRow } from '../../../shared/contract/calls';
import { AppError } from '../../../shared/contract/errors';
import { addDays, weekdayOf } from '../../../shared/domain/business-time';
import type { ContactOutcome } from '../../../shared/domain/catalog';
import { contactSummary } from '../../db/rows';
import { appendAudit } from '../../db/audit';
import { RollupAccumulator } from '../../db/rollups/accumulator';
import { clockFor, rollupZone } from '../../db/rollups/local';
import {
  cachedCount,
  cursorAfter,
  finishPage,
  keysetPage,
  sortColumns,
  appendOnlyMark,
  type SortKey,
} from '../../db/keyset';
import type { HandlerContext } from '../core/context';
import { csvExportCalls, exportBy, startCsvExport } from '../exports/csv-jobs';
import type { Handlers } from '../core/dispatch';
import { actor } from '../core/permissions';
import { readSettings } from '../../db/settings';
import type { Cursor } from '../../../shared/contract/define';

type Filter = Parameters<Handlers['contacts:list']>[1]['filter'];
const contactsFrom = (ctx: HandlerContext) => ctx.db.selectFrom('contacts as c');
type Base = ReturnType<typeof contactsFrom>;

const SORT: SortKey = { value: 'c.started_at', id: 'c.id' };
const EXPORT_LIMIT = 100_000;
const SLOT_MS = 15 * 60_000;
const ROLLUP_COLUMN: Record<ContactOutcome, string> = {
  resolved: 'resolved',
  escalated: 'escalated',
  callback: 'callbacks',
  abandoned: 'abandoned',
};

/** A heatmap cell's instants: that local hour on every day of the range (of one weekday, if given). */
export function cellWindows(ctx: HandlerContext, from: string, to: string, weekday: number | undefined, hour: number) {
  const clock = clockFor(rollupZone(ctx.engine.sqlite, readSettings(ctx.engine).timeZone));
  const lo = Date.parse(from);
  const hi = Date.parse(to);
  const windows: [string, string][] = [];
  for (let d = clock.date(lo); clock.dayStart(d) < hi; d = addDays(d, 1)) {
    if (weekday !== undefined && weekdayOf(d) !== weekday) continue;
    const a = Math.max(lo, clock.toUtc(d, hour));
    const b = Math.min(hi, hour === 23 ? clock.dayStart(addDays(d, 1)) : clock.toUtc(d, hour + 1));
    if (a < b) windows.push([new Date(a).toISOString(), new Date(b).toISOString()]);
  }
  return windows;
}

function windowsOf(ctx: HandlerContext, f: Filter): [string, string][] | null {
  if (f.hour === undefined || !f.from || !f.to) return null;
  return cellWindows(ctx, f.from, f.to, f.weekday, f.hour);
}

/** The drill-down's WHERE: every chart filter, on the contacts table (or within one window of a cell). */
function filtered(ctx: HandlerContext, f: Filter, window?: [string, string]): Base {
  let q: Base = contactsFrom(ctx);
  // One window lies inside from–to (cellWindows clips it) and is its own range: bounded by both,
  // SQLite sought on the wider one and walked days of contacts to reach the window (78 ms at huge).
  if (f.from && !window) q = q.where('c.started_at', '>=', new Date(f.from).toISOString());
  if (f.to && !window) q = q.where('c.started_at', '<', new Date(f.to).toISOString());
  const windows = window ? [window] : windowsOf(ctx, f);
  if (windows) {
    q = q.where((eb) =>
      eb.or(windows.map(([a, b]) => eb.and([eb('c.started_at', '>=', a), eb('c.started_at', '<', b)]))),
    );
  }
  if (f.channels.length) q = q.where('c.channel', 'in', f.channels);
  if (f.categories.length) q = q.where('c.category', 'in', f.categories);
  if (f.outcome) q = q.where('c.outcome', '=', f.outcome);
  if (f.accountId !== undefined) q = q.where('c.account_id', '=', f.accountId);
  if (f.caseId !== undefined) q = q.where('c.case_id', '=', f.caseId);
  return q;
}

const aligned = (isoText: string | undefined) => !isoText || Date.parse(isoText) % SLOT_MS === 0;

/**
 * The drill-down's total, from the 15-minute rollup when the filter is one the rollup can
 * answer (the same sums the chart was drawn from), else a cached count.
 */
export async function contactTotal(ctx: HandlerContext, f: Filter): Promise<number> {
  if (f.accountId === undefined && f.caseId === undefined && f.from && f.to && aligned(f.from) && aligned(f.to)) {
    const col = sql.raw(f.outcome ? ROLLUP_COLUMN[f.outcome] : 'contacts');
    const windows = windowsOf(ctx, f) ?? [[new Date(f.from).toISOString(), new Date(f.to).toISOString()]];
    if (windows.length === 0) return 0;
    const within = sql.join(
      windows.map(([a, b]) => sql`(bucket >= ${a} AND bucket < ${b})`),
      sql` OR `,
    );
    const dims = [
      f.channels.length ? sql`AND channel IN (${sql.join(f.channels)})` : sql``,
      f.categories.length ? sql`AND category IN (${sql.join(f.categories)})` : sql``,
    ];
    const r = await sql<{ n: number | null }>`SELECT sum(${col}) AS n FROM contact_rollup WHERE (${within})
      ${dims[0]} ${dims[1]}`.execute(ctx.db);
    return r.rows[0]?.n ?? 0;
  }
  const key = `contacts:${rollupZone(ctx.engine.sqlite, readSettings(ctx.engine).timeZone)}:${JSON.stringify(f)}`;
  return cachedCount(key, await appendOnlyMark(ctx, 'contacts'), () =>
    countOf(
      ctx,
      filtered(ctx, f).select((eb) => eb.fn.countAll<number>().as('n')),
    ),
  );
}

type Lookup = ExpressionBuilder<DB & { c: DB['contacts'] }, 'c'>;
const agentName = (eb: Lookup) =>
  eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', 'c.agent_id').as('agent_name');
const accountNo = (eb: Lookup) =>
  eb.selectFrom('accounts as a').select('a.account_no').whereRef('a.id', '=', 'c.account_id').as('account_no');

function selectRow(q: Base) {
  return q.select((eb) => [
    // Correlated lookups, not joins: the planner walks the (started_at, id) index and stops at the page.
    agentName(eb),
    accountNo(eb),
    eb.selectFrom('freeze_cases as f').select('f.case_no').whereRef('f.id', '=', 'c.case_id').as('case_no'),
    'c.id',
    'c.external_id',
    'c.channel',
    'c.category',
    'c.outcome',
    'c.started_at',
    'c.queue_seconds',
    'c.talk_seconds',
    'c.hold_seconds',
    'c.acw_seconds',
    'c.account_id',
    'c.case_id',
    'c.note',
    'c.source',
    'c.recording_ref',
    'c.recording_notice',
  ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectRow>['execute']>>[number];

function toRow(r: Selected): ContactRow {
  return {
    ...contactSummary(r),
    externalId: r.external_id,
    queueSeconds: r.queue_seconds,
    handleSeconds: r.outcome === 'abandoned' ? 0 : r.talk_seconds + r.hold_seconds + r.acw_seconds,
    agentName: r.agent_name ?? null,
    accountId: r.account_id,
    accountNo: r.account_no ?? null,
    caseId: r.case_id,
    caseNo: r.case_no ?? null,
    source: r.source,
    recordingRef: r.recording_ref,
    recordingNotice: r.recording_notice === null ? null : r.recording_notice === 1,
  };
}

const contactExports = csvExportCalls('contacts');

export const contactHandlers: Pick<
  Handlers,
  | 'contacts:list'
  | 'contacts:exportCsv'
  | 'contacts:exportStatus'
  | 'contacts:exportChunk'
  | 'contacts:exportCancel'
  | 'contacts:log'
> = {
  async 'contacts:list'(ctx, input) {
    const windows = windowsOf(ctx, input.filter);
    type Sorted = Selected & { _sort: string | number; _id: number };
    let page: { rows: Sorted[]; next: Cursor | null };
    if (windows && input.skip === 0) {
      // A heatmap cell is many short windows: page through them one index range at a time,
      // in sort order, instead of walking every contact of the range past an OR.
      const rows: Sorted[] = [];
      for (const w of input.dir === 'desc' ? [...windows].reverse() : windows) {
        if (
          input.after &&
          (input.dir === 'desc' ? w[0] > String(input.after.value) : w[1] <= String(input.after.value))
        )
          continue;
        const part = await keysetPage(selectRow(filtered(ctx, input.filter, w)).select(sortColumns(SORT)), SORT, {
          ...input,
          limit: input.limit - rows.length,
        });
        rows.push(...part.rows);
        if (rows.length === input.limit) break;
      }
      page = { rows, next: cursorAfter(rows, input) };
    } else {
      page = await keysetPage(selectRow(filtered(ctx, input.filter)).select(sortColumns(SORT)), SORT, input);
    }
    const total = input.withTotal ? await contactTotal(ctx, input.filter) : null;
    return finishPage(page, toRow, total);
  },

  async 'contacts:exportCsv'(ctx, { filter }) {
    const timeZone = readSettings(ctx.engine).timeZone;
    // The columns in file order; started_at (2) is shown as the business zone's wall clock.
    const query = filtered(ctx, filter)
      .select((eb) => [
        'c.id',
        'c.external_id',
        'c.started_at',
        'c.channel',
        'c.category',
        'c.outcome',
        'c.queue_seconds',
        sql<number>`CASE WHEN c.outcome = 'abandoned' THEN 0
          ELSE c.talk_seconds + c.hold_seconds + c.acw_seconds END`.as('handle_seconds'),
        agentName(eb),
        accountNo(eb),
        'c.case_id',
        'c.note',
        'c.source',
      ])
      .orderBy('c.started_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(EXPORT_LIMIT + 1)
      .compile();
    const count = filtered(ctx, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .compile();
    return startCsvExport({
      kind: 'contacts',
      ...exportBy(ctx),
      query,
      count,
      layout: {
        header: [
          'id',
          'external_id',
          `started_at (${timeZone})`,
          'channel',
          'category',
          'outcome',
          'queue_seconds',
          'handle_seconds',
          'agent',
          'account_no',
          'case_id',
          'note',
          'source',
        ],
        timeColumns: [2],
        timeZone,
        limit: EXPORT_LIMIT,
        trailer: [],
      },
    });
  },

  'contacts:exportStatus': contactExports.status,
  'contacts:exportChunk': contactExports.chunk,
  'contacts:exportCancel': contactExports.cancel,

  async 'contacts:log'(ctx, input) {
    const externalId = `MANUAL-${input.idempotencyKey}`;
    const existing = await findByExternalId(ctx, externalId);
    if (existing) return existing; // a retried submit: logged once
    let accountId = input.accountId ?? null;
    if (input.caseId !== undefined) {
      const fc = await ctx.db
        .selectFrom('freeze_cases')
        .select(['id', 'account_id'])
        .where('id', '=', input.caseId)
        .executeTakeFirst();
      if (!fc) throw new AppError('NOT_FOUND', `No case ${input.caseId}`);
      if (accountId !== null && accountId !== fc.account_id) {
        throw new AppError('CONTACT_CASE_MISMATCH', `Case ${input.caseId} is not about account ${accountId}`);
      }
      accountId = fc.account_id;
    }
    if (accountId !== null) {
      const acct = await ctx.db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
      if (!acct) throw new AppError('NOT_FOUND', `No account ${accountId}`);
    }
    const startedAt = new Date(input.startedAt ?? ctx.now().toISOString());
    const facts = {
      outcome: input.outcome,
      queueSeconds: input.queueSeconds,
      talkSeconds: input.outcome === 'abandoned' ? 0 : input.talkSeconds,
      holdSeconds: 0,
      acwSeconds: 0,
    };
    const id = await ctx.db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('contacts')
        .values({
          external_id: externalId,
          channel: input.channel,
          category: input.category,
          outcome: input.outcome,
          started_at: startedAt.toISOString(),
          queue_seconds: facts.queueSeconds,
          talk_seconds: facts.talkSeconds,
          agent_id: ctx.session?.operatorId ?? null,
          account_id: accountId,
          case_id: input.caseId ?? null,
          note: input.note?.trim() || null,
          source: 'manual',
          recording_ref: input.recordingRef ?? null,
          recording_notice: input.recordingNotice === undefined ? null : Number(input.recordingNotice),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The rollups move in the same transaction as the contact, on either engine.
      const rollup = new RollupAccumulator();
      rollup.add(startedAt.getTime(), input.channel, input.category, facts);
      await rollup.flushIn(trx, readSettings(ctx.engine).timeZone);
      await appendAudit(trx, {
        ...actor(ctx),
        action: 'contact.logged',
        entityType: 'contact',
        entityId: created.id,
        after: {
          channel: input.channel,
          category: input.category,
          outcome: input.outcome,
          accountId,
          caseId: input.caseId ?? null,
          startedAt: startedAt.toISOString(),
          recordingRef: input.recordingRef ?? null,
          recordingNotice: input.recordingNotice ?? null,
        },
        note: input.note?.trim() || null,
      });
      return created.id;
    });
    ctx.emit('contacts:changed', { source: 'log' });
    return (await findByExternalId(ctx, externalId, id))!;
  },
};

async function findByExternalId(ctx: HandlerContext, externalId: string, id?: number) {
  let q = selectRow(contactsFrom(ctx));
  q = id !== undefined ? q.where('c.id', '=', id) : q.where('c.external_id', '=', externalId);
  const row = await q.executeTakeFirst();
  return row ? toRow(row) : null;
}
