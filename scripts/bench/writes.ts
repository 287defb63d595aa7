import type { BenchCase } from './types';

const BATCH = 10_000;
let run = 0;

/**
 * A write batch the size of an import step: 10,000 contact rows (append-only, so each run adds
 * its own) in one transaction, committed with synchronous = FULL as the app writes. With
 * encryption on, each page written is encrypted and MAC'd: `--plain` shows what that costs.
 */
export const writeCases: BenchCase[] = [
  {
    name: `write batch: ${BATCH.toLocaleString('en-US')} contact rows in one transaction`,
    iterations: 10,
    // The cost of the desk file's page encryption; a team database's writes are the server's.
    engines: ['sqlite'],
    async run(ctx) {
      run++;
      await ctx.sql.transaction(async () => {
        for (let i = 0; i < BATCH; i++)
          await ctx.sql.run(
            `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, hold_seconds)
             VALUES (?, 'phone', 'refund', 'resolved', ?, 10, 120, 0)`,
            [`bench-write-${run}-${i}`, new Date(Date.UTC(2026, 9, 1, 0, 0, i)).toISOString()],
          );
      });
    },
    floor: null,
  },
];
