import { sql } from 'kysely';
import type { Overview, OverviewDay, OverviewFigure } from '../../shared/contract/overview';
import { ACTIVE_CASE_STATUSES } from '../../shared/domain/freeze';
import { addDays, startOfZonedDay, zonedDate } from '../../shared/domain/time';
import type { HandlerContext } from './context';
import type { Handlers } from './dispatch';
import { readSettings } from './settings';

// The frozen-accounts queue's own notion of open, so each figure equals that grid's total.
const OPEN_CASE = [...ACTIVE_CASE_STATUSES];
const OPEN_REFUND = ['pending', 'awaiting_second_approval'];
const HOUR = 3_600_000;

const n = (row: { n: number | bigint | string } | undefined) => Number(row?.n ?? 0);
const fig = (key: string, value: number, route: string, params: Record<string, string>): OverviewFigure => ({
  key,
  value,
  route,
  params,
});

/** The signed-in operator's own work: every figure links to the grid filter it counts. */
async function myFigures(
  ctx: HandlerContext,
  me: number,
  todayStart: string,
  nowIso: string,
): Promise<OverviewFigure[]> {
  const count = (q: { executeTakeFirst(): Promise<{ n: number } | undefined> }) => q.executeTakeFirst().then(n);
  const cnt = sql<number>`count(*)`.as('n');
  const [openCases, overdue, openRefunds, awaitingRefunds, awaitingCases, decided] = await Promise.all([
    count(ctx.db.selectFrom('freeze_cases').select(cnt).where('owner_id', '=', me).where('status', 'in', OPEN_CASE)),
    count(
      ctx.db
        .selectFrom('freeze_cases')
        .select(cnt)
        .where('owner_id', '=', me)
        .where('status', 'in', OPEN_CASE)
        .where('sla_due_at', '<', nowIso),
    ),
    count(
      ctx.db
        .selectFrom('refund_requests')
        .select(cnt)
        .where((eb) => eb.or([eb('assignee_id', '=', me), eb('requested_by', '=', me)]))
        .where('status', 'in', OPEN_REFUND),
    ),
    count(
      ctx.db
        .selectFrom('refund_requests')
        .select(cnt)
        .where('status', '=', 'awaiting_second_approval')
        .where((eb) => eb.or([eb('first_approver_id', 'is', null), eb('first_approver_id', '<>', me)]))
        .where((eb) => eb.or([eb('requested_by', 'is', null), eb('requested_by', '<>', me)])),
    ),
    count(
      ctx.db
        .selectFrom('freeze_cases')
        .select(cnt)
        .where('status', '=', 'awaiting_second_approval')
        .where((eb) => eb.or([eb('maker_id', 'is', null), eb('maker_id', '<>', me)])),
    ),
    count(
      ctx.db
        .selectFrom('audit_events')
        .select(cnt)
        .where('operator_id', '=', me)
        .where('at', '>=', todayStart)
        .where('entity_type', 'in', ['refund_request', 'freeze_case', 'fee_version']),
    ),
  ]);
  const canSecond = ctx.session!.role !== 'agent';
  return [
    fig('myOpenCases', openCases, '/frozen', { owner: 'mine' }),
    fig('myOverdue', overdue, '/frozen', { owner: 'mine', overdue: '1' }),
    fig('myOpenRequests', openRefunds, '/refunds', { mine: '1', open: '1' }),
    ...(canSecond
      ? [
          fig('awaitingMyRefundApproval', awaitingRefunds, '/refunds', {
            status: 'awaiting_second_approval',
            awaitingMe: '1',
          }),
          fig('awaitingMyCaseApproval', awaitingCases, '/frozen', { status: 'awaiting_second_approval' }),
        ]
      : []),
    fig('decidedToday', decided, '/audit', {
      operatorId: String(me),
      from: `${zonedDate(nowIso, readSettings(ctx.sqlite).timeZone)}T00:00`,
    }),
  ];
}

async function teamFigures(
  ctx: HandlerContext,
  now: Date,
  todayStart: string,
  tz: string,
): Promise<NonNullable<Overview['team']>> {
  const nowIso = now.toISOString();
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR).toISOString();
  const cnt = sql<number>`count(*)`.as('n');
  const byRisk = await ctx.db
    .selectFrom('freeze_cases')
    .select(['risk', cnt])
    .where('status', 'in', OPEN_CASE)
    .groupBy('risk')
    .execute();
  const overdueCases = n(
    await ctx.db
      .selectFrom('freeze_cases')
      .select(cnt)
      .where('status', 'in', OPEN_CASE)
      .where('sla_due_at', '<', nowIso)
      .executeTakeFirst(),
  );
  const refundAge = async (from: string | null, to: string | null) => {
    let q = ctx.db.selectFrom('refund_requests').select(cnt).where('status', '=', 'pending');
    if (from) q = q.where('requested_at', '>=', from);
    if (to) q = q.where('requested_at', '<', to);
    return n(await q.executeTakeFirst());
  };
  const [under1d, d1to3, over3d, feeVersions] = await Promise.all([
    refundAge(ago(24), null),
    refundAge(ago(72), ago(24)),
    refundAge(null, ago(72)),
    ctx.db.selectFrom('fee_schedule_versions').select(cnt).where('status', '=', 'submitted').executeTakeFirst().then(n),
  ]);
  const risk = (r: string) => Number(byRisk.find((x) => x.risk === r)?.n ?? 0);
  const queues = [
    fig('casesHigh', risk('high'), '/frozen', { risk: 'high' }),
    fig('casesMedium', risk('medium'), '/frozen', { risk: 'medium' }),
    fig('casesLow', risk('low'), '/frozen', { risk: 'low' }),
    fig('casesOverdue', overdueCases, '/frozen', { overdue: '1' }),
    fig('refundsUnder1d', under1d, '/refunds', { status: 'pending', age: 'lt1d' }),
    fig('refunds1to3d', d1to3, '/refunds', { status: 'pending', age: '1to3d' }),
    fig('refundsOver3d', over3d, '/refunds', { status: 'pending', age: 'gt3d' }),
    fig('feeVersionsSubmitted', feeVersions, '/fees', { status: 'submitted' }),
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
      .select([
        'bucket',
        sql<number>`sum(contacts)`.as('contacts'),
        sql<number>`sum(answered)`.as('answered'),
        sql<number>`sum(answered_within_20s)`.as('within'),
        sql<number>`sum(abandoned - short_abandoned)`.as('abandoned'),
      ])
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
  const perDay = new Map<string, OverviewDay & { abandoned: number; sameTime: number }>();
  for (const b of buckets) {
    const i = dayStarts.findLastIndex((s) => s <= b.bucket);
    const date = addDays(firstDay, i);
    let d = perDay.get(date);
    if (!d)
      perDay.set(date, (d = { date, contacts: 0, answered: 0, answeredWithinTarget: 0, abandoned: 0, sameTime: 0 }));
    d.contacts += Number(b.contacts);
    d.answered += Number(b.answered);
    d.answeredWithinTarget += Number(b.within);
    d.abandoned += Number(b.abandoned);
    if (Date.parse(b.bucket) - Date.parse(dayStarts[i]) < elapsed) d.sameTime += Number(b.contacts);
  }
  const t = perDay.get(today);
  const sameWeekday = [7, 14, 21, 28].map((k) => perDay.get(addDays(today, -k))?.sameTime ?? 0);
  const offered = t ? t.answered + t.abandoned : 0;
  return {
    queues,
    contactsToday: t?.contacts ?? 0,
    contactsExpected: Math.round(sameWeekday.reduce((s, v) => s + v, 0) / sameWeekday.length),
    serviceLevelToday: offered > 0 ? t!.answeredWithinTarget / offered : null,
    last14Days: Array.from({ length: 14 }, (_, i) => {
      const date = addDays(today, i - 13);
      const d = perDay.get(date);
      return {
        date,
        contacts: d?.contacts ?? 0,
        answered: d?.answered ?? 0,
        answeredWithinTarget: d?.answeredWithinTarget ?? 0,
      };
    }),
  };
}

export const overviewHandlers: Pick<Handlers, 'overview:get'> = {
  async 'overview:get'(ctx) {
    const tz = readSettings(ctx.sqlite).timeZone;
    const now = ctx.now();
    const today = zonedDate(now, tz);
    const todayStart = startOfZonedDay(today, tz);
    const me = ctx.session!.operatorId;
    return {
      today,
      timeZone: tz,
      mine: await myFigures(ctx, me, todayStart, now.toISOString()),
      team: ctx.session!.role === 'agent' ? null : await teamFigures(ctx, now, todayStart, tz),
    };
  },
};
