// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/, beside (not over) the
// Node build that tests and browser mode load. Electron's main process opens the database with
// this file as better-sqlite3's nativeBinding (electron/main/index.ts).
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.cache', 'electron-native');
const target = path.join(outDir, 'better_sqlite3.node');
const electronVersion = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const stamp = path.join(outDir, 'electron-version.txt');

if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === electronVersion)
  process.exit(0);

console.log(`Building better-sqlite3 for Electron ${electronVersion}…`);
const work = path.join(outDir, 'src');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), work, {
  recursive: true,
  filter: (p) => !p.includes(`${path.sep}build${path.sep}`),
});
const gyp = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
execSync(
  `"${process.execPath}" "${gyp}" rebuild --release --target=${electronVersion} --arch=${process.arch} --dist-url=https://electronjs.org/headers --runtime=electron`,
  {
    cwd: work,
    stdio: 'inherit',
    env: { ...process.env, npm_config_nodedir: '' },
  },
);
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, electronVersion);
fs.rmSync(work, { recursive: true, force: true });
console.log(`Wrote ${path.relative(root, target)}`);
