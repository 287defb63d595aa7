import { loadBenchApp } from './app';

/**
 * npx tsx scripts/bench/stall.ts <database> <contacts-export|time-zone|idle> [--plain]: the main
 * thread's longest stall while one piece of long work runs through the real dispatch, as the
 * renderer drives it (start, poll every 250 ms, read the result). The database is changed
 * (the time-zone case writes): give it a copy of a bench database (npm run bench builds them,
 * encrypted with the bench key unless --plain).
 */
const BENCH_DB_KEY = Buffer.alloc(32, 9);
const [dbPath, work] = process.argv.slice(2);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const { dispatch, handlers, createServices, openDatabase, DEMO_OPERATORS } = await loadBenchApp(
    !process.argv.includes('--built'),
  );
  const sqlite = openDatabase(dbPath, { databaseKey: process.argv.includes('--plain') ? null : BENCH_DB_KEY });
  const { services } = createServices(sqlite, 'browser');
  const call = async (channel: string, input: unknown) => {
    const res = await dispatch(services, handlers, 'stall-admin', channel, input);
    if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
    return res.data as Record<string, unknown>;
  };
  const admin = DEMO_OPERATORS.find((o) => o.username === 'admin')!;
  await call('session:signIn', { username: admin.username, password: admin.password });
  const zone = (await call('settings:get', {})).timeZone as string;
  const dashboard = { from: '2026-08-01', to: '2026-10-31', interval: 'day' };
  await call('calls:dashboard', dashboard); // the rollups are in the current zone before timing
  const q0 = performance.now();
  await call('calls:dashboard', dashboard);
  const quietRead = performance.now() - q0;

  // A 1 ms timer: the longest gap between two of its ticks is main's longest stall.
  let last = performance.now();
  let longest = 0;
  const gaps: number[] = [];
  const outside: number[] = [];
  const reads: [number, number][] = [];
  const probe = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    // A gap that overlaps no dashboard read is the rebuild's (or the machine's), not a read's.
    if (!reads.some(([a, b]) => a < now && b > last)) outside.push(now - last);
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  let detail = '';
  if (work === 'contacts-export') {
    let s = await call('contacts:exportCsv', { filter: {} });
    while (s.state === 'queued' || s.state === 'running') {
      await pause(250);
      s = await call('contacts:exportStatus', { jobId: s.jobId });
    }
    // Before the move the start call answered with the whole text.
    let bytes = typeof s.csv === 'string' ? Buffer.byteLength(s.csv) : 0;
    for (let offset: number | null = s.csv === undefined ? 0 : null; offset !== null;) {
      // Each part is its own IPC call from the renderer: main serves other work between two.
      await new Promise((r) => setImmediate(r));
      const chunk = await call('contacts:exportChunk', { jobId: s.jobId, offset });
      bytes += Buffer.byteLength(chunk.text as string);
      offset = chunk.next as number | null;
    }
    detail = `${s.rows} rows, ${(bytes / 1e6).toFixed(1)} MB`;
  } else if (work === 'idle') {
    // The machine's own noise: nothing runs but the probe.
    await pause(4000);
    detail = 'nothing';
  } else {
    const next = zone === 'Asia/Shanghai' ? 'America/New_York' : 'Asia/Shanghai';
    await call('settings:update', { timeZone: next });
    const settled = performance.now() - t0;
    // Each dashboard read is itself work on main: the longest one, to tell it from the rebuild.
    let longestRead = 0;
    const read = async () => {
      const r0 = performance.now();
      const d = await call('calls:dashboard', dashboard);
      longestRead = Math.max(longestRead, performance.now() - r0);
      reads.push([r0, performance.now()]);
      return d;
    };
    let d = await read();
    while (d.timeZone !== next) {
      await pause(250);
      d = await read();
    }
    detail = `${zone} → ${next}; settings:update answered in ${settled.toFixed(0)} ms, longest dashboard read ${longestRead.toFixed(0)} ms (${quietRead.toFixed(0)} ms before the change)`;
  }
  const took = performance.now() - t0;
  clearInterval(probe);
  // Work that never let the timer run is one stall, from its last tick to now.
  gaps.push(performance.now() - last);
  longest = Math.max(longest, gaps.at(-1)!);
  gaps.sort((a, b) => a - b);
  const over50 = gaps.filter((g) => g > 50).length;
  console.log(
    `${work}: ${detail}; done in ${took.toFixed(0)} ms; main's longest stall ${longest.toFixed(0)} ms, ` +
      `${over50} stalls over 50 ms, p99 gap ${gaps[Math.floor(gaps.length * 0.99)]?.toFixed(1)} ms` +
      (reads.length ? `; longest outside the dashboard reads ${Math.max(0, ...outside).toFixed(0)} ms` : ''),
  );
  sqlite.close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
