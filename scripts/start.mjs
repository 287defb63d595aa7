// npm start: the console on its database. The Electron app where its binary is installed;
// otherwise browser mode, saying why and printing the URL to open.
import './node-version.mjs';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { electronBinary, ensureDependencies } from './ensure.mjs';

const root = path.resolve(import.meta.dirname, '..');
// `npm start` is the developer's demo: it asks for the demo dataset unless told --no-demo.
// (A packaged app, and the hosts themselves, never load it unasked.)
const given = process.argv.slice(2);
const args = given.includes('--no-demo') ? given.filter((a) => a !== '--no-demo') : ['--demo', ...given];

ensureDependencies();
buildIfChanged();

const electron = electronBinary();
if (electron) {
  const started = Date.now();
  const child = spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    // A desktop whose Electron cannot start (a broken binary, a missing system library) still
    // gets the console: in the browser, with the reason said, instead of an exit.
    if (code !== 0 && !signal && Date.now() - started < 15_000) {
      console.log(`
Electron exited at start (code ${code}); falling back to browser mode.`);
      browserMode();
    } else process.exit(code ?? 0);
  });
} else {
  console.log('\nThe Electron binary is not installed on this machine (its download is not possible here),');
  console.log('so the console runs in browser mode: the same app, served on 127.0.0.1 only.\n');
  browserMode();
}

/**
 * Builds only when a source is newer than the last build: a second `npm start` opens at once.
 * The stamp is written after a successful build, so a failed one is retried next time.
 */
function buildIfChanged() {
  const stamp = path.join(root, 'out', '.build-stamp');
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const inputs = ['electron', 'renderer', 'shared', 'resources', 'package.json', 'electron.vite.config.ts'];
  const changed = inputs.some((p) => newestMtime(path.join(root, p)) > built);
  if (!changed) {
    console.log('The build in out/ is up to date with the sources.');
    return;
  }
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  fs.writeFileSync(stamp, new Date().toISOString());
}

function newestMtime(file) {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(file, entry)));
  }
  return newest;
}

function browserMode() {
  const child = spawn(process.execPath, [path.join(root, 'out', 'main', 'server.js'), ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    process.stdout.write(text);
    const url = /READY (\S+)/.exec(text)?.[1];
    if (url) {
      console.log(`\nOpen the console in a browser:\n  ${url}`);
      if (args.includes('--demo'))
        console.log('(The demo operators and their passwords are shown on the sign-in page.)');
    }
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
