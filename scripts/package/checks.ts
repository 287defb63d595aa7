import fs from 'node:fs';
import path from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

export interface PackageCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface PackagedApp {
  /** The asar's file list, each path starting with "/". */
  asarFiles: string[];
  /** The asar's JSON header, where unpacked entries carry `unpacked: true`. */
  asarHeader: AsarNode;
  /** The packaged app's resources folder (app.asar, app.asar.unpacked). */
  resources: string;
  executable: string;
  /** The prebuild the package must carry, as `<platform>-<arch>`. */
  platformKey: string;
  qa?: boolean;
}

interface AsarNode {
  files?: Record<string, AsarNode>;
  unpacked?: boolean;
  size?: number;
}

/** What the app itself may take on disk (asar plus unpacked files), beside Electron. */
export const SIZE_BUDGET_BYTES = 10 * 1024 * 1024;

export const ENTRY_POINTS = [
  '/package.json',
  '/out/main/index.js',
  '/out/main/import-worker.js',
  '/out/main/feeSimulation.js',
  '/out/preload/index.js',
  '/out/renderer/index.html',
];

/** Paths that must never ship: tests, specs, e2e, benchmarks, sources, source maps. */
export const FORBIDDEN =
  /(\.test\.|\.spec\.|\/e2e\/|\/bench\/|\/scripts\/|\/electron\/|\/renderer\/src\/|\/shared\/|\.map$|\.tsx?$)/;

function node(header: AsarNode, file: string): AsarNode | undefined {
  let at: AsarNode | undefined = header;
  for (const part of file.split('/').filter(Boolean)) at = at?.files?.[part];
  return at;
}

function dirSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return total;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Every assertion on a packaged app; each is reported on its own line by package:check. */
export async function checkPackage(app: PackagedApp, deps: string[] = runtimeDependencies()): Promise<PackageCheck[]> {
  const files = new Set(app.asarFiles);
  const checks: PackageCheck[] = [];
  const check = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, detail });

  const missing = ENTRY_POINTS.filter((f) => !files.has(f));
  check('entry points are in the asar', missing.length === 0, missing.join(', ') || undefined);

  const missingDeps = deps.filter((d) => !files.has(`/node_modules/${d}/package.json`));
  check('runtime dependencies are in the asar', missingDeps.length === 0, missingDeps.join(', ') || undefined);

  const binding = `/node_modules/better-sqlite3/prebuilds/${app.platformKey}.node`;
  const onDisk = path.join(app.resources, 'app.asar.unpacked', ...binding.split('/').filter(Boolean));
  check(
    'the native binding is unpacked from the asar',
    node(app.asarHeader, binding)?.unpacked === true && fs.existsSync(onDisk),
    binding,
  );
  const otherBindings = app.asarFiles.filter((f) => /\.node$/.test(f) && f !== binding);
  check('no other platform’s binding ships', otherBindings.length === 0, otherBindings.join(', ') || undefined);
  const sources = app.asarFiles.filter((f) => /\/better-sqlite3\/(deps|src)\//.test(f));
  check('better-sqlite3’s C sources are left out', sources.length === 0, sources.slice(0, 3).join(', ') || undefined);

  const forbidden = app.asarFiles.filter((f) => !f.startsWith('/node_modules/') && FORBIDDEN.test(f));
  const nmTests = app.asarFiles.filter((f) => f.startsWith('/node_modules/') && /\.(test|spec)\.[cm]?js$/.test(f));
  check(
    'no tests, e2e, bench, sources or source maps',
    forbidden.length + nmTests.length === 0,
    [...forbidden, ...nmTests].slice(0, 5).join(', ') || undefined,
  );

  const size =
    fs.statSync(path.join(app.resources, 'app.asar')).size + dirSize(path.join(app.resources, 'app.asar.unpacked'));
  check(`the app is under its size budget (${mb(SIZE_BUDGET_BYTES)})`, size <= SIZE_BUDGET_BYTES, mb(size));

  const wire = await getCurrentFuseWire(app.executable);
  const want: [string, FuseV1Options, FuseState][] = [
    ['RunAsNode off', FuseV1Options.RunAsNode, FuseState.DISABLE],
    ['cookie encryption on', FuseV1Options.EnableCookieEncryption, FuseState.ENABLE],
    ['NODE_OPTIONS off', FuseV1Options.EnableNodeOptionsEnvironmentVariable, FuseState.DISABLE],
    [
      `inspect ${app.qa ? 'on (QA build)' : 'off'}`,
      FuseV1Options.EnableNodeCliInspectArguments,
      app.qa ? FuseState.ENABLE : FuseState.DISABLE,
    ],
    ['ASAR integrity on', FuseV1Options.EnableEmbeddedAsarIntegrityValidation, FuseState.ENABLE],
    ['load only from the asar', FuseV1Options.OnlyLoadAppFromAsar, FuseState.ENABLE],
  ];
  const wrong = want.filter(([, fuse, state]) => wire[fuse] !== state).map(([name]) => name);
  check(
    'fuses: ' + want.map(([n]) => n).join(', '),
    wrong.length === 0,
    wrong.length ? `wrong: ${wrong.join(', ')}` : undefined,
  );

  const locales = fs.readdirSync(path.join(app.resources, '..', 'locales')).sort();
  check('only the en-US and zh-CN locales ship', locales.join(',') === 'en-US.pak,zh-CN.pak', locales.join(', '));
  return checks;
}

function runtimeDependencies(): string[] {
  return Object.keys(JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')).dependencies ?? {});
}
