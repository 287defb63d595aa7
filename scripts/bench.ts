import fs from 'node:fs';
import path from 'node:path';
import type { Scale } from '../electron/seed/generate';
import { loadBenchApp } from './bench/app';
import { BENCH_CASES } from './bench/cases';
import { postgresBenchDatabase } from './bench/postgres';
import { postgresRaw, sqliteRaw } from './bench/raw-sql';
import type { BenchContext } from './bench/types';
import { progressBar } from './progress';
import { withBulkWrites } from '../electron/seed/bulk';

/**
 * npm run bench [-- --scale large|huge] [-- --filter 'text|text…'] [-- --sources]: builds (once, cached in
 * .cache/bench) a database of the scale, then times each case through the real dispatch of the
 * built app (out/main, rebuilt when stale) beside its raw-SQL floor; --sources times the TypeScript.
 * The database is encrypted as users' are (a fixed bench key: the cost is measured, not a secret);
 * --plain measures the same cases on an unencrypted copy.
 *
 * `-- --engine postgres --db postgres://owner@host:port/postgres` (or WALLET_OPS_BENCH_PG) runs
 * the same cases on a team database made from the same data (scripts/bench/postgres.ts), each
 * floor by raw SQL on PostgreSQL in the same run.
 */
const BENCH_DB_KEY = Buffer.alloc(32, 9);
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};

async function main() {
  const scale = arg('scale', 'large') as Scale;
  const filter = arg('filter', '');
  const plain = process.argv.includes('--plain');
  const databaseKey = plain ? null : BENCH_DB_KEY;
  const engineKind = arg('engine', 'sqlite');
  if (engineKind !== 'sqlite' && engineKind !== 'postgres') throw new Error('--engine is sqlite or postgres');
  const server = arg('db', process.env.WALLET_OPS_BENCH_PG ?? '');
  if (engineKind === 'postgres' && !server)
    throw new Error(
      '--engine postgres needs --db postgres://owner@host:port/postgres (a role that may create databases)',
    );
  const app = await loadBenchApp(process.argv.includes('--sources'));
  const { dispatch, handlers, createServices, openDatabase, openEngine, DEMO_OPERATORS, generateDataset, from } = app;
  const dbPath = path.resolve(`.cache/bench/${scale}${plain ? '.plain' : ''}.db`);
  if (!fs.existsSync(dbPath) || fs.existsSync(`${dbPath}.partial`)) {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) fs.rmSync(f, { force: true });
    fs.writeFileSync(`${dbPath}.partial`, '');
    console.log(`Building the ${scale} benchmark database (cached for later runs)…`);
    const db = openDatabase(dbPath, { databaseKey });
    const bar = progressBar();
    const summary = await withBulkWrites(
      db,
      () => generateDataset(db, { scale, seed: 1, anchor: new Date('2026-11-01T00:00:00Z'), onProgress: bar }),
      bar,
    );
    bar.done();
    // No hand-run ANALYZE: the bench measures the plans users get (the app's own PRAGMA optimize at open).
    db.close();
    fs.rmSync(`${dbPath}.partial`);
    const rows =
      summary.transactions + summary.contacts + summary.customers * 2 + summary.refunds + summary.freezeCases;
    console.log(
      `Generated ${rows.toLocaleString('en-US')} rows in ${(summary.millis / 1000).toFixed(1)} s (${Math.round(rows / (summary.millis / 1000)).toLocaleString('en-US')} rows/s)`,
    );
  }
  // Each run writes (bulk approvals, imports): on a copy, so the cached database stays as built.
  let target: string;
  if (engineKind === 'postgres') {
    target = await postgresBenchDatabase(app, server, { file: dbPath, key: databaseKey }, scale);
  } else {
    target = path.resolve(`.cache/bench/${scale}.run.db`);
    for (const f of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
    const cached = openDatabase(dbPath, { databaseKey });
    // VACUUM INTO: encrypted with the same key (the backup API's target cannot be given one).
    cached.prepare('VACUUM INTO ?').run(target);
    cached.close();
    // Flushed before timing: at huge the disk's writeback of the fresh 7.4 GB copy otherwise
    // lands in the first cases (a 90-day simulation ran in 8.1 s, against 4.8 s a minute later).
    const fd = fs.openSync(target, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const engine = await openEngine({ db: target, databaseKey });
  const { services } = createServices(engine, 'browser');
  const ctx: BenchContext = {
    sql: engine.sqlite ? sqliteRaw(engine.sqlite) : await postgresRaw(target),
    timeZone: app.readSettings(engine).timeZone,
    call: (role, channel, input) => dispatch(services, handlers, `bench-${role}`, channel, input),
  };
  for (const role of ['agent', 'supervisor', 'admin'] as const) {
    const op = DEMO_OPERATORS.find((o) => o.username === role)!;
    const res = await ctx.call(role, 'session:signIn', { username: op.username, password: op.password });
    if (!res.ok) throw new Error(`cannot sign in as ${role}: ${res.error.code}`);
  }
  // A long case (the 1M-row import) outlasts the default idle lock of the sessions that wait.
  const idle = await ctx.call('admin', 'settings:update', { idleLockMinutes: 240 });
  if (!idle.ok) throw new Error(`cannot lengthen the idle lock: ${idle.error.code}`);

  const results: {
    name: string;
    median: number;
    p95: number;
    floorMedian: number | null;
    ratio: number | null;
    failed?: string;
  }[] = [];
  // --filter 'a|b': the cases whose name holds any of the parts.
  const wanted = filter.split('|');
  const cases = BENCH_CASES.filter(
    (k) => wanted.some((w) => k.name.includes(w)) && (k.engines ?? [engineKind]).includes(engineKind),
  );
  for (const c of cases) {
    const n = c.iterations ?? 200;
    const before = c.beforeEach ? () => c.beforeEach!(ctx) : undefined;
    let times: number[];
    let floor: number[] | null;
    try {
      await c.setup?.(ctx);
      times = await timeIt(n, () => c.run(ctx), before);
      floor = c.floor ? await timeIt(n, async () => c.floor!(ctx), before) : null;
    } catch (err) {
      // A failed case is a row of the table and the run's exit code, not a lost table.
      const failed = err instanceof Error ? err.message : String(err);
      results.push({ name: c.name, median: NaN, p95: NaN, floorMedian: null, ratio: null, failed });
      process.exitCode = 1;
      continue;
    }
    const median = pct(times, 0.5);
    const floorMedian = floor ? pct(floor, 0.5) : null;
    // Each case as it ends too: a long run (the huge scale) shows its figures while it goes.
    console.log(
      `  ${c.name}: median ${median.toFixed(2)} ms${floorMedian ? `, floor ${floorMedian.toFixed(2)} ms` : ''}`,
    );
    results.push({
      name: c.name,
      median,
      p95: pct(times, 0.95),
      floorMedian,
      ratio: floorMedian ? median / floorMedian : null,
    });
  }
  await ctx.sql.close();
  await engine.close();

  const fmt = (ms: number | null) => (ms === null ? '—' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
  const width = Math.max(...results.map((r) => r.name.length), 10);
  console.log(
    `\nScale: ${scale}, the ${from} app on ${engineKind === 'postgres' ? 'PostgreSQL' : 'SQLite'}  (times in ms; floor = the same result by raw SQL)`,
  );
  console.log(`${'operation'.padEnd(width)}  median     p95   floor  ×floor`);
  for (const r of results) {
    if (r.failed) {
      console.log(`${r.name.padEnd(width)}  FAILED: ${r.failed}`);
      continue;
    }
    console.log(
      `${r.name.padEnd(width)}  ${fmt(r.median).padStart(6)}  ${fmt(r.p95).padStart(6)}  ${fmt(r.floorMedian).padStart(6)}  ${r.ratio === null ? '     —' : r.ratio.toFixed(1).padStart(6)}`,
    );
  }
  const out = path.resolve(`.cache/bench/results${engineKind === 'postgres' ? '.postgres' : ''}.json`);
  fs.writeFileSync(
    out,
    JSON.stringify({ scale, engine: engineKind, app: from, at: new Date().toISOString(), results }, null, 2),
  );
  console.log(`\nWrote ${path.relative(process.cwd(), out)}`);
}

async function timeIt(n: number, fn: () => Promise<unknown>, before?: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < Math.min(5, n); i++) {
    await before?.();
    await fn(); // warm up caches and prepared statements
  }
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await before?.();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
