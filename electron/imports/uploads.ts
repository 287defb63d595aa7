import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';

/** Import files are read by main only: the renderer holds an opaque id, never a path. */
interface Upload {
  path: string;
  fileName: string;
  bytes: number;
  operatorId: number;
  /** Browser-mode uploads are temporary copies; a picked desktop file is read in place. */
  temporary: boolean;
}

export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
const uploads = new Map<string, Upload>();
const dir = () => {
  const d = path.join(os.tmpdir(), 'wallet-ops-imports');
  fs.mkdirSync(d, { recursive: true });
  return d;
};

/** Appends one chunk of a browser-mode upload (the first call has no id and creates the file). */
export function appendUpload(uploadId: string | null, fileName: string, chunk: string, operatorId: number) {
  let up = uploadId ? uploads.get(uploadId) : undefined;
  if (uploadId && (!up || up.operatorId !== operatorId)) throw new AppError('NOT_FOUND', 'No such upload');
  if (!up) {
    uploadId = randomBytes(16).toString('hex');
    up = { path: path.join(dir(), `${uploadId}.csv`), fileName, bytes: 0, operatorId, temporary: true };
    uploads.set(uploadId, up);
    fs.writeFileSync(up.path, '');
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
  uploads.set(uploadId, { path: filePath, fileName: path.basename(filePath), bytes, operatorId, temporary: false });
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

/** The first bytes of an upload, cut at the last full line, for the mapping preview. */
export function readHead(up: Upload, bytes = 64 * 1024): string {
  const fd = fs.openSync(up.path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(bytes, up.bytes));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const cut = n < up.bytes ? text.lastIndexOf('\n') : -1;
    return cut > 0 ? text.slice(0, cut + 1) : text;
  } finally {
    fs.closeSync(fd);
  }
}
