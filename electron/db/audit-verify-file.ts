import fs from 'node:fs';
import type { ChainReport } from '../../shared/contract/audit';
import { checkpointFileOf, readCheckpoint } from './audit-anchor';
import { KEY_BYTES } from './audit-key';
import { verifyChain } from './audit-verify';
import { openSqliteFile } from './encryption';

export interface FileVerification {
  report: ChainReport;
  /** The key file was there: MACs and the checkpoint's signature were checked. */
  keyed: boolean;
  checkpointFile: string;
}

/**
 * Verifies a database file's chain read-only, away from the running app (`npm run
 * audit:verify`): against the checkpoint beside it, with the key if its file is readable.
 * It never creates a key: a verifier without one checks the plain hash chain only.
 */
export async function verifyDatabaseFile(
  dbPath: string,
  keyFile: string,
  /** The database's encryption key, when the file is encrypted. */
  databaseKey: Buffer | null = null,
): Promise<FileVerification> {
  let key: Buffer | null = null;
  try {
    key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
    if (key.length !== KEY_BYTES) key = null;
  } catch {
    key = null;
  }
  const checkpointFile = checkpointFileOf(dbPath);
  const db = openSqliteFile(dbPath, { key: databaseKey, readonly: true, fileMustExist: true });
  try {
    const checkpoint = key ? readCheckpoint(checkpointFile, key) : null;
    return { report: await verifyChain(db, { key, checkpoint }), keyed: key !== null, checkpointFile };
  } finally {
    db.close();
  }
}
