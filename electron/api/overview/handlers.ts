import { sql } from 'kysely';
import type { Overview, OverviewFigure } from '../../../shared/contract/overview';
import { addDays, startOfZonedDay, zonedDate } from '../../../shared/domain/time';
import type { AuthedContext } from '../core/context';
import type { ParsedInputOf } from '../../../shared/contract';
import type { Handlers } from '../core/dispatch';
import { listCases } from '../frozen/queries';
import { listRefunds } from '../refunds/queries';
import { serviceCaseFigures } from '../cases/figures';
import { COUNT_ONLY, figureOf } from './figure';
import { readSettings } from '../../db/settings';
import { syncLocalRollupsIn } from '../../db/rollups/local';
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

  // Contacts per business day. Whole past days come from the day rollup (hundreds of rows: day ×
  // channel × category), while it is built in the business zone; the 15-minute buckets only
  // for parts of days: today so far, and the same weekday 1–4 weeks ago up to this time of day.
  // Summing 13 days of buckets instead read 57k rows (15 ms) at the huge scale.
  const today = zonedDate(now, tz);
  const elapsed = now.getTime() - Date.parse(todayStart);
  const contactsBetween = async (from: string, to: string) =>
    n(
      await ctx.db
        .selectFrom('contact_rollup')
        .select(sql<number>`coalesce(sum(contacts), 0)`.as('n'))
        .where('bucket', '>=', from)
        .where('bucket', '<', to)
        .executeTakeFirst(),
    );
  const pastDays = Array.from({ length: 13 }, (_, i) => addDays(today, i - 13));
  const perDay = new Map<string, number>();
  if ((await syncLocalRollupsIn(ctx.db, tz)) === tz) {
    const rows = await ctx.db
      .selectFrom('contact_rollup_day')
      .select(['day', sql<number>`sum(contacts)`.as('n')])
      .where('day', '>=', pastDays[0])
      .where('day', '<', today)
      .groupBy('day')
      .execute();
    for (const r of rows) perDay.set(r.day, Number(r.n));
  } else {
    // A worker is rebuilding the day rollup in the new zone: these days from the buckets.
    for (const d of pastDays) {
      perDay.set(d, await contactsBetween(startOfZonedDay(d, tz), startOfZonedDay(addDays(d, 1), tz)));
    }
  }
  const contactsToday = await contactsBetween(todayStart, nowIso);
  const sameWeekday = await Promise.all(
    [7, 14, 21, 28].map((k) => {
      const start = startOfZonedDay(addDays(today, -k), tz);
      return contactsBetween(start, new Date(Date.parse(start) + elapsed).toISOString());
    }),
  );
  // Today's service level exactly as the Call volumes page computes it, with the configured targets.
  const settings = readSettings(ctx.engine).calls;
  const todayRows = (
    await sql<MeasureRow>`SELECT channel, ${measureColumns(settings)} FROM contact_rollup
      WHERE bucket >= ${todayStart} AND bucket < ${nowIso} GROUP BY channel`.execute(ctx.db)
  ).rows;
  const todaySums = todayRows.reduce((acc, r) => addMeasures(acc, r), emptySums());
  return {
    queues,
    contactsToday,
    contactsExpected: Math.round(sameWeekday.reduce((s, v) => s + v, 0) / sameWeekday.length),
    serviceLevelToday: contactKpis(todaySums).serviceLevel,
    serviceLevelTarget: { pct: settings.serviceLevelPct, seconds: settings.serviceLevelSeconds },
    last14Days: [
      ...pastDays.map((date) => ({ date, contacts: perDay.get(date) ?? 0 })),
      { date: today, contacts: contactsToday },
    ],
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
