import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZoneClock, addDays } from '../../shared/domain/business-time';
import { openDatabase } from '../../electron/db/open';
import { runContactImport } from '../../electron/imports/run-import';
import { cdrExport } from '../../electron/test/cdr-export';
import { ok, type BenchCase, type BenchContext } from './types';

/** The bench database ends at its anchor (2026-11-01); ranges count back from its last day. */
const LAST = '2026-10-31';
const range = (days: number) => ({ from: addDays(LAST, 1 - days), to: LAST });
/** The same range as instants, for the 15-minute table (its buckets are UTC instants). */
const instants = (days: number) => ({
  ...range(days),
  fromAt: `${range(days).from}T00:00:00.000Z`,
  toAt: `${range(days).to}T23:59:59.999Z`,
});
let drillPoint: { from: string; to: string } | null = null;

function zoneOf(ctx: BenchContext) {
  return new ZoneClock(ctx.timeZone);
}

const dashboardCase = (
  name: string,
  days: number,
  interval: string,
  stackBy: 'channel' | 'category',
  floorSql: string,
): BenchCase => ({
  name: `calls:dashboard ${name}`,
  iterations: 50,
  async run(ctx) {
    ok(await ctx.call('supervisor', 'calls:dashboard', { ...range(days), interval, stackBy }));
  },
  // The floor: the single biggest rollup read the dashboard makes, by raw SQL.
  async floor(ctx) {
    await ctx.sql.all(floorSql, instants(days));
  },
});

export const callCases: BenchCase[] = [
  dashboardCase(
    '90 days by day, stacked by channel',
    90,
    'day',
    'channel',
    'SELECT day, sum(contacts), sum(answered), sum(answered_within_20s), sum(abandoned) FROM contact_rollup_day WHERE day >= @from AND day <= @to GROUP BY day',
  ),
  dashboardCase(
    '90 days by week, stacked by category',
    90,
    'week',
    'category',
    'SELECT day, hour, sum(contacts), sum(abandoned) FROM contact_rollup_hour WHERE day >= @from AND day <= @to GROUP BY day, hour',
  ),
  dashboardCase(
    '30 days by hour, stacked by channel',
    30,
    'hour',
    'channel',
    'SELECT day, hour, sum(contacts), sum(answered), sum(answered_within_20s), sum(abandoned) FROM contact_rollup_hour WHERE day >= @from AND day <= @to GROUP BY day, hour',
  ),
  dashboardCase(
    '7 days by 15 minutes, stacked by category',
    7,
    '15m',
    'category',
    'SELECT bucket, sum(contacts), sum(answered) FROM contact_rollup WHERE bucket >= @fromAt AND bucket < @toAt GROUP BY bucket',
  ),
  {
    name: 'contacts:list drill-down: one busy hour, 100 rows + total',
    async setup(ctx) {
      const clock = zoneOf(ctx);
      const start = clock.toUtc(addDays(LAST, -3), 10);
      drillPoint = { from: new Date(start).toISOString(), to: new Date(start + 3_600_000).toISOString() };
    },
    async run(ctx) {
      ok(
        await ctx.call('supervisor', 'contacts:list', {
          sort: 'startedAt',
          dir: 'desc',
          limit: 100,
          after: null,
          withTotal: true,
          filter: drillPoint!,
        }),
      );
    },
    async floor(ctx) {
      await ctx.sql.all(
        'SELECT * FROM contacts WHERE started_at >= ? AND started_at < ? ORDER BY started_at DESC, id DESC LIMIT 100',
        [drillPoint!.from, drillPoint!.to],
      );
    },
  },
  {
    name: 'contacts:list drill-down: heatmap cell over 90 days, 100 rows + total',
    async run(ctx) {
      const clock = zoneOf(ctx);
      const from = new Date(clock.dayStart(range(90).from)).toISOString();
      const to = new Date(clock.dayStart(addDays(LAST, 1))).toISOString();
      ok(
        await ctx.call('supervisor', 'contacts:list', {
          sort: 'startedAt',
          dir: 'desc',
          limit: 100,
          after: null,
          withTotal: true,
          filter: { from, to, weekday: 2, hour: 10 },
        }),
      );
    },
    floor: null,
  },
  {
    name: 'calls:forecast phone: 7 days × 48 intervals + backtest + Erlang C',
    iterations: 30,
    async run(ctx) {
      ok(await ctx.call('supervisor', 'calls:forecast', { channel: 'phone' }));
    },
    floor: null,
  },
  {
    name: 'CSV import of 1,000,000 rows (worker code path, fresh database)',
    // A fresh desk file: the team database's import runs on its own worker pool (README's figures).
    engines: ['sqlite'],
    iterations: 1,
    async run() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-import-bench-'));
      try {
        const file = path.join(dir, 'cdr.csv');
        writeCdrFile(file, 1_000_000);
        const sqlite = openDatabase(path.join(dir, 'import.db'));
        const id = Number(
          sqlite
            .prepare(
              `INSERT INTO contact_imports (source_name, file_name, status, time_zone, mapping_json, total_bytes, started_at)
               VALUES ('bench', 'cdr.csv', 'running', 'Asia/Shanghai', '{}', ?, ?)`,
            )
            .run(fs.statSync(file).size, new Date().toISOString()).lastInsertRowid,
        );
        const t0 = performance.now();
        const p = runContactImport(sqlite, {
          importId: id,
          filePath: file,
          sourceName: 'bench',
          mapping: {
            externalId: 0,
            startedAt: 1,
            channel: 2,
            category: 3,
            queueSeconds: 4,
            talkSeconds: 5,
            holdSeconds: 6,
            acwSeconds: 7,
            outcome: 8,
            accountNo: null,
            note: null,
            recordingRef: null,
            recordingNotice: null,
          },
          timeZone: 'Asia/Shanghai',
          operatorId: null,
          operatorRole: null,
          host: 'browser',
        });
        sqlite.close();
        if (p.imported !== 1_000_000) throw new Error(`imported ${p.imported}`);
        console.log(
          `  import: ${Math.round(performance.now() - t0)} ms for ${p.imported.toLocaleString('en-US')} rows`,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    floor: null,
  },
];

/** A call-detail export like the shipped samples, spread over 90 days. */
function writeCdrFile(file: string, rows: number) {
  const fd = fs.openSync(file, 'w');
  for (const chunk of cdrExport(rows)) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}
