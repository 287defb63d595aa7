import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, startBrowserHost } from '../e2e/hosts';
import { loadBenchApp } from './bench/app';

/**
 * npm run bench:ui [-- --scale large|huge] [-- --rounds n] [-- --db copy]: what a person waits for, timed in a
 * real browser on the built browser-mode host and the bench's cached database of the scale
 * (build it first with `npm run bench`): sign-in to the Overview's first figures, and each
 * page switch to its first rows (the first grid row, or the chart on Call volumes). Medians
 * and maxima over the rounds, each round in a fresh browser context (no warm renderer cache).
 */
const BENCH_DB_KEY = Buffer.alloc(32, 9); // the bench's fixed key (scripts/bench.ts)
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};

/** Each page, and what shows that its data arrived. */
const PAGES: { label: string; ready: string }[] = [
  { label: 'frozen', ready: 'main .ag-center-cols-container .ag-row' },
  { label: 'refunds', ready: 'main .ag-center-cols-container .ag-row' },
  { label: 'cases', ready: 'main .ag-center-cols-container .ag-row' },
  { label: 'customers', ready: 'main .ag-center-cols-container .ag-row' },
  { label: 'calls', ready: 'main .recharts-surface' },
  { label: 'audit', ready: 'main .ag-center-cols-container .ag-row' },
  { label: 'overview', ready: 'main [data-testid="figure-value"]' },
];

async function main() {
  const scale = arg('scale', 'large');
  const rounds = Number(arg('rounds', '5'));
  const { openDatabase } = await loadBenchApp(false); // builds out/ when it is stale
  const cached = path.resolve(`.cache/bench/${scale}.db`);
  if (!fs.existsSync(cached)) throw new Error(`No ${cached}: run \`npm run bench -- --scale ${scale}\` first`);
  const dir = fs.mkdtempSync(path.resolve('.cache/bench/ui-'));
  const keyFile = path.join(dir, 'database.key');
  fs.writeFileSync(keyFile, BENCH_DB_KEY.toString('hex'), { mode: 0o600 });
  // --db: a copy already made (the bench's own .cache/bench/<scale>.run.db), timed as it is; at
  // the huge scale a fresh copy takes longer than the run.
  let file = arg('db', '');
  if (!file) {
    file = path.join(dir, 'console.db');
    const source = openDatabase(cached, { databaseKey: BENCH_DB_KEY });
    source.prepare('VACUUM INTO ?').run(file); // the run's sign-ins stay out of the cached database
    source.close();
  }

  const started = performance.now();
  const host = await startBrowserHost(
    file,
    { WALLET_OPS_DB_KEY: keyFile, WALLET_OPS_AUDIT_KEY: path.join(dir, 'audit.key') },
    30 * 60_000,
  );
  console.log(`host ready in ${Math.round(performance.now() - started)} ms`);
  // This copy has no signed checkpoint, so its whole chain is walked on the checks thread after
  // start: wait for that walk, which a desk's own file (verified from its checkpoint) never has.
  while (
    /Long unverified audit chain/.test(host.output()) &&
    !/chain verified in the background|chain does not verify|chain check did not finish/.test(host.output())
  )
    await new Promise((resolve) => setTimeout(resolve, 200));
  console.log(`audit chain walked by ${Math.round(performance.now() - started)} ms`);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const times = new Map<string, number[]>();
  const note = (what: string, ms: number) => times.set(what, [...(times.get(what) ?? []), ms]);
  try {
    for (let round = 0; round < rounds; round++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(host.url);
      await page.locator('#root[data-app-state="ready"]').waitFor({ timeout: 60_000 });
      await page.locator('input[name="username"]').fill('supervisor');
      await page.locator('input[name="password"]').fill('super123');
      const signedIn = performance.now();
      await page.locator('form button[type="submit"]').click();
      await page.locator('main [data-testid="figure-value"]').first().waitFor({ timeout: 60_000 });
      // Includes the sign-in's scrypt hash (~0.5 s alone, on purpose), as the person waits for it.
      note('sign-in to the Overview’s first figures', performance.now() - signedIn);
      // The first visit loads the page's code as well; the second has it.
      for (const visit of ['first visit', 'again']) {
        for (const p of PAGES) {
          const t0 = performance.now();
          await page.getByTestId(`nav-${p.label}`).click();
          await page.locator(p.ready).first().waitFor({ timeout: 60_000 });
          note(`switch to ${p.label}, ${visit}: first rows`, performance.now() - t0);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    host.proc.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const width = Math.max(...[...times.keys()].map((k) => k.length));
  console.log(`\nScale: ${scale}, the built browser-mode host, ${rounds} rounds (ms)`);
  console.log(`${'step'.padEnd(width)}  median     max`);
  for (const [what, ms] of times) {
    const sorted = [...ms].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`${what.padEnd(width)}  ${median.toFixed(0).padStart(6)}  ${sorted.at(-1)!.toFixed(0).padStart(6)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
