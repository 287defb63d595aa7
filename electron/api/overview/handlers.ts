import { sql } from 'kysely';
import type { Overview, OverviewDay, OverviewFigure } from '../../../shared/contract/overview';
import { addDays, startOfZonedDay, zonedDate } from '../../../shared/domain/time';
import type { AuthedContext } from '../core/context';
import type { ParsedInputOf } from '../../../shared/contract';
import type { Handlers } from '../core/dispatch';
import { listCases } from '../frozen/queries';
import { listRefunds } from '../refunds/queries';
import { serviceCaseFigures } from '../cases/figures';
import { COUNT_ONLY, figureOf } from './figure';
import { readSettings } from '../../db/settings';
import { addMeasures, measureColumns, type MeasureRow } from '../calls/sums';
import { contactKpis, emptySums } from '../../../shared/domain/contact-kpis';
import { DECISION_ACTIONS } from '../../../shared/domain/catalog';
import { can } from '../../../shared/domain/roles';

// The frozen-accounts queue's own notion of open, so each figure equals that grid's total.

const n = (row: { n: number | bigint | string } | undefined) => Number(row?.n ?? 0);
type FrozenFilter = ParsedInputOf<'frozen:list'>['filter'];
type RefundFilter = ParsedInputOf<'refunds:list'>['filter'];

/**
 * A figure counted by the very handler behind the grid it links to, with the same
 * filter: the grid's total always equals the figure. `params` are that page's URL filter.
 */
async function frozenFigure(ctx: AuthedContext, key: string, filter: FrozenFilter, params: Record<string, string>) {
  const page = await listCases(ctx, {
    sort: 'slaDue',
    dir: 'asc',
    ...COUNT_ONLY,
    filter: { status: 'active', ...filter },
  });
  return figureOf(key, page, '/frozen', params);
}

async function refundFigure(ctx: AuthedContext, key: string, filter: RefundFilter, params: Record<string, string>) {
  const page = await listRefunds(ctx, { sort: 'requestedAt', dir: 'desc', ...COUNT_ONLY, filter });
  return figureOf(key, page, '/refunds', params);
}

/** The signed-in operator's own work. */
async function myFigures(ctx: AuthedContext, me: number, todayStart: string, today: string): Promise<OverviewFigure[]> {
  const second = ctx.session.role !== 'agent';
  const decided = n(
    await ctx.db
      .selectFrom('audit_events')
      .select(sql<number>`count(*)`.as('n'))
      .where('operator_id', '=', me)
      .where('at', '>=', todayStart)
      .where('action', 'in', DECISION_ACTIONS)
      .executeTakeFirst(),
  );
  return [
    await frozenFigure(ctx, 'myOpenCases', { owner: 'mine' }, { owner: 'mine' }),
    await frozenFigure(ctx, 'myOverdue', { owner: 'mine', overdue: true }, { owner: 'mine', overdue: '1' }),
    await refundFigure(ctx, 'myOpenRequests', { status: 'open', requestedByMe: true }, { status: 'open', byme: '1' }),
    ...(second
      ? [
          await refundFigure(ctx, 'awaitingMyRefundApproval', { awaitingMySecond: true }, { second: '1' }),
          await frozenFigure(
            ctx,
            'awaitingMyCaseApproval',
            { status: 'awaiting_second_approval' },
            { status: 'awaiting_second_approval' },
          ),
        ]
      : []),
    {
      key: 'decidedToday',
      value: decided,
      // The audit log with the same filter; agents cannot open it, so for them the figure is not a link.
      route: can(ctx.session.role, 'audit.read') ? '/audit' : null,
      params: { operatorId: String(me), action: DECISION_ACTIONS.join(','), from: `${today}T00:00` },
    },
  ];
}

async function teamFigures(
  ctx: AuthedContext,
  now: Date,
  todayStart: string,
  tz: string,
): Promise<NonNullable<Overview['team']>> {
  const nowIso = now.toISOString();
  const feeVersions = n(
    await ctx.db
      .selectFrom('fee_schedule_versions')
      .select(sql<number>`count(*)`.as('n'))
      .where('status', '=', 'submitted')
      .executeTakeFirst(),
  );
  const queues: OverviewFigure[] = [
    await frozenFigure(ctx, 'casesHigh', { risk: 'high' }, { risk: 'high' }),
    await frozenFigure(ctx, 'casesMedium', { risk: 'medium' }, { risk: 'medium' }),
    await frozenFigure(ctx, 'casesLow', { risk: 'low' }, { risk: 'low' }),
    await frozenFigure(ctx, 'casesOverdue', { overdue: true }, { overdue: '1' }),
    await refundFigure(
      ctx,
      'refundsUnder1d',
      { status: 'pending', age: 'under1d' },
      { status: 'pending', age: 'under1d' },
    ),
    await refundFigure(
      ctx,
      'refunds1to3d',
      { status: 'pending', age: 'from1to3d' },
      { status: 'pending', age: 'from1to3d' },
    ),
    await refundFigure(
      ctx,
      'refundsOver3d',
      { status: 'pending', age: 'over3d' },
      { status: 'pending', age: 'over3d' },
    ),
    { key: 'feeVersionsSubmitted', value: feeVersions, route: '/fees', params: { status: 'submitted' } },
  ];

  // Contacts from the rollup (15-minute UTC buckets), grouped into business-time-zone days.
  const today = zonedDate(now, tz);
  const firstDay = addDays(today, -28);
  const dayStarts = Array.from({ length: 30 }, (_, i) => startOfZonedDay(addDays(firstDay, i), tz));
  const elapsed = now.getTime() - Date.parse(todayStart);
  // Only the rows needed: the last 14 days (which hold the same weekday a week ago), and the same
  // weekday 2–4 weeks ago up to this time of day.
  const sums = (from: string, to: string) =>
    ctx.db
      .selectFrom('contact_rollup')
      .select(['bucket', sql<number>`sum(contacts)`.as('contacts')])
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .groupBy('bucket')
      .execute();
  const windows: [string, string][] = [[startOfZonedDay(addDays(today, -13), tz), nowIso]];
  for (const k of [14, 21, 28]) {
    const start = dayStarts[28 - k];
    windows.push([start, new Date(Date.parse(start) + elapsed).toISOString()]);
  }
  const buckets = (await Promise.all(windows.map(([from, to]) => sums(from, to)))).flat();
  const perDay = new Map<string, OverviewDay & { sameTime: number }>();
  for (const b of buckets) {
    const i = dayStarts.findLastIndex((s) => s <= b.bucket);
    const date = addDays(firstDay, i);
    let d = perDay.get(date);
    if (!d) perDay.set(date, (d = { date, contacts: 0, sameTime: 0 }));
    d.contacts += Number(b.contacts);
    if (Date.parse(b.bucket) - Date.parse(dayStarts[i]) < elapsed) d.sameTime += Number(b.contacts);
  }
  const t = perDay.get(today);
  const sameWeekday = [7, 14, 21, 28].map((k) => perDay.get(addDays(today, -k))?.sameTime ?? 0);
  // Today's service level exactly as the Call volumes page computes it, with the configured targets.
  const settings = readSettings(ctx.engine).calls;
  const todayRows = (
    await sql<MeasureRow>`SELECT channel, ${measureColumns(settings)} FROM contact_rollup
      WHERE bucket >= ${todayStart} AND bucket < ${nowIso} GROUP BY channel`.execute(ctx.db)
  ).rows;
  const todaySums = todayRows.reduce((acc, r) => addMeasures(acc, r), emptySums());
  return {
    queues,
    contactsToday: t?.contacts ?? 0,
    contactsExpected: Math.round(sameWeekday.reduce((s, v) => s + v, 0) / sameWeekday.length),
    serviceLevelToday: contactKpis(todaySums).serviceLevel,
    serviceLevelTarget: { pct: settings.serviceLevelPct, seconds: settings.serviceLevelSeconds },
    last14Days: Array.from({ length: 14 }, (_, i) => {
      const date = addDays(today, i - 13);
      const d = perDay.get(date);
      return { date, contacts: d?.contacts ?? 0 };
    }),
  };
}

export const overviewHandlers: Pick<Handlers, 'overview:get'> = {
  async 'overview:get'(ctx) {
    const tz = readSettings(ctx.engine).timeZone;
    const now = ctx.now();
    const today = zonedDate(now, tz);
    const todayStart = startOfZonedDay(today, tz);
    const me = ctx.session.operatorId;
    return {
      today,
      timeZone: tz,
      mine: await myFigures(ctx, me, todayStart, today),
      cases: can(ctx.session.role, 'cases.read') ? await serviceCaseFigures(ctx) : null,
      team: ctx.session.role === 'agent' ? null : await teamFigures(ctx, now, todayStart, tz),
    };
  },
};
