import fs from 'node:fs';
import path from 'node:path';

/**
 * Owner-only files and folders (0600 / 0700) for everything that holds customers' data or
 * a secret: the database and its journal files, backups, uploads, the audit key and the
 * checkpoints. Windows has no POSIX modes; there the user-profile ACLs apply instead.
 */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Creates a folder (and its missing parents) owner-only; an existing folder is left as it is. */
export function ensurePrivateDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  fs.chmodSync(dir, DIR_MODE); // mkdir's mode is filtered by the umask
}

/**
 * Makes a file owner-only if it exists (the database may have been made by an older version):
 * takes away the group's and others' bits and adds none, so a file made read-only stays so.
 */
export function restrictFile(file: string): void {
  try {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) fs.chmodSync(file, mode & 0o700);
  } catch {
    /* absent (a -wal that was checkpointed away), or not ours to change: nothing to do */
  }
}

/**
 * Replaces a file's contents in one step: written beside it, flushed, then renamed over it,
 * so a crash leaves the old file or the new one, never half of either.
 */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', FILE_MODE);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
