import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../../shared/contract/errors';
import {
  COMPLAINT_CLOCK_KEY,
  DEFAULT_COMPLAINT_CLOCK,
  clockProblem,
  summariseComplaints,
  type ComplaintCategory,
  type ComplaintClock,
  type ComplaintOutcome,
} from '../../../shared/domain/complaints';
import { readSettings } from '../../db/settings';
import type { Handlers } from '../core/dispatch';
import { addDays, clockFor, isDate } from '../../../shared/domain/business-time';
import { change } from '../core/change';

/** The complaint clock as stored (migration 0140 seeds the default). */
export async function readComplaintClock(db: Kysely<DB>): Promise<ComplaintClock> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', COMPLAINT_CLOCK_KEY).executeTakeFirst();
  return row
    ? { ...DEFAULT_COMPLAINT_CLOCK, ...(JSON.parse(row.value) as Partial<ComplaintClock>) }
    : DEFAULT_COMPLAINT_CLOCK;
}

const MAX_REPORT_DAYS = 366;

export const complaintClockHandlers: Pick<Handlers, 'complaints:clock' | 'complaints:setClock' | 'complaints:report'> =
  {
    async 'complaints:clock'(ctx) {
      return readComplaintClock(ctx.db);
    },

    /** Changes the clock for complaints opened from now on; each change is audited with its reason. */
    async 'complaints:setClock'(ctx, input) {
      const next: ComplaintClock = { responseDays: input.responseDays, extendedDays: input.extendedDays };
      if (clockProblem(next)) throw new AppError('COMPLAINT_CLOCK_INVALID', 'Invalid complaint clock');
      const before = await readComplaintClock(ctx.db);
      const lastId = await change(ctx, async ({ trx, audit }) => {
        await trx
          .insertInto('settings')
          .values({ key: COMPLAINT_CLOCK_KEY, value: JSON.stringify(next) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next) }))
          .execute();
        return audit({
          action: 'settings.complaintClock',
          entityType: 'settings',
          entityId: COMPLAINT_CLOCK_KEY,
          before: { ...before },
          after: { ...next },
          note: input.reason,
        });
      });
      ctx.emit('settings:changed', {});
      ctx.emit('cases:changed', { ids: [] });
      ctx.emit('audit:appended', { lastId });
      return next;
    },

    /** The report reads complaints opened between two local dates of the business time zone. */
    async 'complaints:report'(ctx, { from, to }) {
      if (!isDate(from) || !isDate(to) || to < from)
        throw new AppError('VALIDATION', 'from/to must be dates, from ≤ to');
      if (Date.parse(to) - Date.parse(from) > MAX_REPORT_DAYS * 86_400_000) {
        throw new AppError('RANGE_TOO_LONG', 'At most a year');
      }
      const timeZone = readSettings(ctx.engine).timeZone;
      const clock = clockFor(timeZone);
      const lo = new Date(clock.dayStart(from)).toISOString();
      const hi = new Date(clock.dayStart(addDays(to, 1))).toISOString();
      const rows = await ctx.db
        .selectFrom('service_cases as sc')
        .innerJoin('complaint_details as d', 'd.case_id', 'sc.id')
        .select(['d.category', 'sc.sla_due_at', 'd.responded_at', 'd.outcome'])
        .where('sc.kind', '=', 'complaint')
        .where('sc.opened_at', '>=', lo)
        .where('sc.opened_at', '<', hi)
        .execute();
      return {
        timeZone,
        from,
        to,
        rows: summariseComplaints(
          rows.map((r) => ({
            category: r.category as ComplaintCategory,
            dueAt: r.sla_due_at,
            respondedAt: r.responded_at,
            outcome: r.outcome as ComplaintOutcome | null,
          })),
          ctx.now(),
        ),
      };
    },
  };
