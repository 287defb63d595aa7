import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { FILE_MODE } from '../db/secure-files';
import { decoderFor, detectEncoding, type TextEncodingName } from '../../shared/domain/text-encoding';

/** Import files are read by main only: the renderer holds an opaque id, never a path. */
interface Upload {
  path: string;
  fileName: string;
  bytes: number;
  operatorId: number;
  /** Browser-mode uploads are temporary copies; a picked desktop file is read in place. */
  temporary: boolean;
  /** What the bytes on disk are in: browser uploads arrive as UTF-8 text, picked files as saved. */
  encoding: TextEncodingName;
  /** What the operator's file was in, for the preview to say. */
  sourceEncoding: TextEncodingName;
}

export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
const uploads = new Map<string, Upload>();
const PREFIX = 'wallet-ops-uploads-';

/**
 * This process's own upload folder: created 0700 by mkdtemp (not a shared, world-readable
 * temp folder), files 0600, removed when the process exits; a crashed process's folder is
 * removed at the next start (removeStaleUploads).
 */
let own: string | null = null;
const dir = () => {
  if (own && fs.existsSync(own)) return own;
  const made = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
  own = made;
  process.once('exit', () => fs.rmSync(made, { recursive: true, force: true }));
  return made;
};

/** Removes upload folders left by console processes that are no longer running. */
export function removeStaleUploads(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(tmp)) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}

/** Appends one chunk of a browser-mode upload (the first call has no id and creates the file). */
export function appendUpload(
  uploadId: string | null,
  fileName: string,
  chunk: string,
  operatorId: number,
  sourceEncoding: TextEncodingName = 'utf-8',
) {
  let up = uploadId ? uploads.get(uploadId) : undefined;
  if (uploadId && (!up || up.operatorId !== operatorId)) throw new AppError('NOT_FOUND', 'No such upload');
  if (!up) {
    uploadId = randomBytes(16).toString('hex');
    up = {
      path: path.join(dir(), `${uploadId}.csv`),
      fileName,
      bytes: 0,
      operatorId,
      temporary: true,
      encoding: 'utf-8',
      sourceEncoding,
    };
    uploads.set(uploadId, up);
    fs.writeFileSync(up.path, '', { mode: FILE_MODE });
  }
  const bytes = Buffer.byteLength(chunk);
  if (up.bytes + bytes > MAX_IMPORT_BYTES) throw new AppError('IMPORT_FILE_TOO_LARGE', 'The file is over 512 MB');
  fs.appendFileSync(up.path, chunk);
  up.bytes += bytes;
  return { uploadId: uploadId!, bytes: up.bytes };
}

/** Registers a file the operator chose in the desktop file dialog. */
export function registerPickedFile(filePath: string, operatorId: number) {
  const bytes = fs.statSync(filePath).size;
  if (bytes > MAX_IMPORT_BYTES) throw new AppError('IMPORT_FILE_TOO_LARGE', 'The file is over 512 MB');
  const uploadId = randomBytes(16).toString('hex');
  const encoding = detectEncoding(readBytes(filePath, HEAD_BYTES), bytes <= HEAD_BYTES);
  uploads.set(uploadId, {
    path: filePath,
    fileName: path.basename(filePath),
    bytes,
    operatorId,
    temporary: false,
    encoding,
    sourceEncoding: encoding,
  });
  return { uploadId, fileName: path.basename(filePath), bytes };
}

export function getUpload(uploadId: string, operatorId: number): Upload {
  const up = uploads.get(uploadId);
  if (!up || up.operatorId !== operatorId || !fs.existsSync(up.path)) {
    throw new AppError('NOT_FOUND', 'No such upload');
  }
  return up;
}

/** Forgets an upload once imported, deleting a temporary copy. */
export function releaseUpload(uploadId: string): void {
  const up = uploads.get(uploadId);
  uploads.delete(uploadId);
  if (up?.temporary) fs.rmSync(up.path, { force: true });
}

const HEAD_BYTES = 64 * 1024;

function readBytes(filePath: string, max: number): Buffer {
  const fd = fs.openSync(filePath, 'r');
  try {
    const buf = Buffer.alloc(max);
    return buf.subarray(0, fs.readSync(fd, buf, 0, max, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The first bytes of an upload, decoded and cut at the last full line, for the mapping preview. */
export function readHead(up: Upload, bytes = HEAD_BYTES): string {
  const buf = readBytes(up.path, Math.min(bytes, up.bytes));
  const text = decoderFor(up.encoding).decode(buf);
  const cut = buf.length < up.bytes ? text.lastIndexOf('\n') : -1;
  return cut > 0 ? text.slice(0, cut + 1) : text;
}
