import fs from 'node:fs';
import path from 'node:path';

/** @electron/fuses finds the fuse wire after this sentinel in the Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's wire: 9 fuses, in @electron/fuses' FuseV1Options order, as Electron ships them. */
export const SHIPPED_FUSES = '101100101';

/**
 * An unpacked "Electron distribution" that electron-builder can package without the real
 * binary: a shell script standing in for the executable, carrying a real fuse wire so the
 * fuses electron-builder flips can be read back, and the two locales we keep plus one we drop.
 */
export function writeStubElectron(dir: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, SHIPPED_FUSES.length]),
    Buffer.from(SHIPPED_FUSES, 'latin1'),
  ]);
  const script = Buffer.concat([
    Buffer.from('#!/bin/sh\n# stub Electron for npm run package:check; fuse wire: ', 'latin1'),
    wire,
    Buffer.from('\necho "stub Electron: the real binary is not installed here" >&2\nexit 1\n', 'latin1'),
  ]);
  fs.writeFileSync(path.join(dir, 'electron'), script, { mode: 0o755 });
  for (const l of ['en-US', 'zh-CN', 'fr']) fs.writeFileSync(path.join(dir, 'locales', `${l}.pak`), 'stub');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stub');
  fs.writeFileSync(
    path.join(dir, 'version'),
    fs.readFileSync(path.resolve('node_modules/electron/package.json'), 'utf8').match(/"version": "([^"]+)"/)![1],
  );
  return dir;
}
