import type { Kysely } from 'kysely';
import { monthStartIso, zonedMonth } from '../../../shared/domain/time';
import type { DB } from '../../db/schema';
import type { RowDensity } from '../../workers/fee-simulation-split';

const DAY = 86_400_000;
/** Each day's sample: a few minutes at a time of day that moves on by SAMPLE_STEP every day. */
const SAMPLE_MS = 10 * 60_000;
const SAMPLE_STEP = 37 * 60_000;

/**
 * Where the window's transactions are, from one short count a day from the start of p.from's
 * month (its pre-count) to p.to: at `huge` about 400 rows each on the time index, 120 counts
 * in a few milliseconds, so the job manager can cut the window into slices of equal work
 * (splitByWork). A sample that moves through the hours keeps the daily rhythm from skewing
 * the days against each other.
 */
export async function transactionDensity(
  db: Kysely<DB>,
  window: { from: string; to: string; timeZone: string },
): Promise<RowDensity> {
  const from = monthStartIso(zonedMonth(window.from, window.timeZone), window.timeZone);
  const start = Date.parse(from);
  const days = Math.max(1, Math.ceil((Date.parse(window.to) - start) / DAY));
  const piece = (Date.parse(window.to) - start) / days;
  const rows: number[] = [];
  for (let d = 0; d < days; d++) {
    const at = start + d * piece + ((d * SAMPLE_STEP) % Math.max(1, piece - SAMPLE_MS));
    const row = await db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('created_at', '>=', new Date(at).toISOString())
      .where('created_at', '<', new Date(at + SAMPLE_MS).toISOString())
      .executeTakeFirst();
    rows.push(Number(row?.n ?? 0));
  }
  return { from, to: window.to, rows };
}
