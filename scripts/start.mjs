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
const build = spawnSync('npx', ['electron-vite', 'build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = electronBinary();
if (electron) {
  const child = spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('\nThe Electron binary is not installed on this machine (its download is not possible here),');
  console.log('so the console runs in browser mode: the same app, served on 127.0.0.1 only.\n');
  const child = spawn(process.execPath, [path.join(root, 'out', 'main', 'server.js'), ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    process.stdout.write(text);
    const url = /READY (\S+)/.exec(text)?.[1];
    if (url)
      console.log(
        `\nOpen the console in a browser:\n  ${url}\n(The demo operators and their passwords are shown on the sign-in page.)`,
      );
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
if (!fs.existsSync(path.join(root, 'out'))) process.exit(1);
