// npm test: type-check, lint, build, then every unit/integration test (vitest) and every
// end-to-end test (Playwright), ending with one plain "N passed, N failed" line.
import './node-version.mjs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureChromium, ensureDependencies } from './ensure.mjs';

ensureDependencies();
ensureChromium();

const cache = path.resolve('.cache');
fs.mkdirSync(cache, { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const res = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  return res.status === 0;
}

// Gates: each counts as one test, so a type or lint error is a visible failure.
for (const [label, script] of [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
]) {
  if (run(label, 'npm', ['run', '-s', script])) passed++;
  else failed++;
}

if (!run('build', 'npx', ['electron-vite', 'build'])) {
  console.log('\nThe build failed; the end-to-end suite cannot run.');
  failed++;
}

// The package the installers are made from (stub Electron; see scripts/package-check.ts): one test.
if (run('package check (electron-builder, asar listing, fuses)', 'npm', ['run', '-s', 'package:check'])) passed++;
else failed++;

// Under a zone far from UTC (+13:45, +12:45 in its winter), so a test that leans on the
// machine's time zone fails here rather than on somebody's desk. The calendar-anchor suite
// covers the business zone's awkward days with a fixed clock.
function vitest(label, name, env = {}) {
  const json = path.join(cache, `${name}.json`);
  fs.rmSync(json, { force: true });
  run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], {
    TZ: process.env.TEST_TZ ?? 'Pacific/Chatham',
    ...env,
  });
  if (!fs.existsSync(json)) return void failed++;
  const r = JSON.parse(fs.readFileSync(json, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numTotalTestSuites && r.success === false && r.numFailedTests === 0 ? 1 : 0);
  skipped += r.numPendingTests + r.numTodoTests;
  // The PostgreSQL half of the engine suites needs a server (CI starts one; see .ci/run).
  const pgSkipped = (r.testResults ?? [])
    .flatMap((f) => f.assertionResults ?? [])
    .filter((a) => (a.status === 'pending' || a.status === 'skipped') && /WALLET_OPS_TEST_PG/.test(a.fullName ?? ''));
  if (pgSkipped.length)
    console.log(`${pgSkipped.length} unit test(s) skipped: PostgreSQL tests need WALLET_OPS_TEST_PG`);
}
vitest('unit and integration tests (vitest)', 'vitest');
// The built app's responsiveness under load, with nothing else running beside it.
vitest('the built app, alone (vitest)', 'vitest-alone', { VITEST_ALONE: '1' });

const pwJson = path.join(cache, 'playwright.json');
fs.rmSync(pwJson, { force: true });
run('end-to-end tests (Playwright)', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
if (fs.existsSync(pwJson)) {
  const report = JSON.parse(fs.readFileSync(pwJson, 'utf8'));
  const s = report.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  for (const [reason, n] of skipReasons(report)) console.log(`${n} end-to-end test(s) skipped: ${reason}`);
  const flaky = testsWithStatus(report, 'flaky');
  if (flaky.length)
    console.log(`${flaky.length} end-to-end test(s) passed only when run again:\n  ${flaky.join('\n  ')}`);
} else failed++;

/** Calls `visit` for each test of a Playwright JSON report, with the titles of its describe blocks. */
function eachTest(report, visit) {
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) visit(t, spec, titles);
    for (const s of suite.suites ?? []) walk(s, [...titles, s.title]);
  };
  for (const file of report.suites ?? []) walk(file, []);
}

/** Every test of the report with this outcome, as `[project] file:line describe › title`. */
function testsWithStatus(report, status) {
  const found = [];
  eachTest(report, (t, spec, titles) => {
    if (t.status === status)
      found.push(`[${t.projectName}] ${spec.file}:${spec.line} ${[...titles, spec.title].join(' › ')}`);
  });
  return found;
}

/** Skipped Playwright tests counted by project and reason, from the JSON report. */
function skipReasons(report) {
  const counts = new Map();
  eachTest(report, (t) => {
    if (t.status !== 'skipped') return;
    const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
    const key = `[${t.projectName}] ${why}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return counts;
}

// Skips are reported with their reasons above; the closing line is the plain count CI reads.
console.log(`\n${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
