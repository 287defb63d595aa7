import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, FILE_MODE, restrictFile } from './secure-files';

/**
 * Where a 32-byte secret kept outside the database comes from: the audit chain's HMAC key, and
 * the database's encryption key (electron/db/encryption.ts), each in its own file.
 * The audit chain's HMAC key: It is never stored in the database: whoever
 * holds only the file can neither re-hash an edited chain nor append an event that verifies.
 * Browser mode keeps it in a 0600 key file; the desktop app wraps it with the OS keychain
 * (electron/main/audit-key.ts).
 */
export interface AuditKeyProvider {
  /** Where the key lives, for messages. */
  where: string;
  /** The 32-byte key, created on first use. */
  load(): Buffer;
}

export const KEY_BYTES = 32;

/** A short public fingerprint of a key, to tell "another key" from "forged" in reports. */
export function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('wallet-ops-console/audit/key-id').digest('hex').slice(0, 16);
}

/**
 * Reads a key file, or creates it (exclusively, mode 0600) when it does not exist. Two hosts
 * starting at once both end up with the one that won the race.
 */
export function readOrCreateKeyFile(file: string, make: () => Buffer, encode = (k: Buffer) => k): Buffer {
  ensurePrivateDir(path.dirname(file));
  if (!fs.existsSync(file)) {
    try {
      const fd = fs.openSync(file, 'wx', FILE_MODE);
      try {
        fs.writeSync(fd, encode(make()));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  restrictFile(file);
  return fs.readFileSync(file);
}

/** A provider of either key; `what` names it in messages. */
export type KeyProvider = AuditKeyProvider;

/** The browser-mode provider: a hex key in a 0600 file. */
export function keyFileProvider(file: string, what = 'audit key'): KeyProvider {
  return {
    where: file,
    load() {
      const text = readOrCreateKeyFile(
        file,
        () => randomBytes(KEY_BYTES),
        (k) => Buffer.from(k.toString('hex')),
      ).toString('utf8');
      const key = Buffer.from(text.trim(), 'hex');
      if (key.length !== KEY_BYTES)
        throw new Error(`The ${what} file ${file} is damaged (expected ${KEY_BYTES} bytes)`);
      return key;
    },
  };
}

/** The key file browser mode and `npm run audit:verify` use: WALLET_OPS_AUDIT_KEY, else in the user-data folder. */
export function defaultKeyFile(userDataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.WALLET_OPS_AUDIT_KEY ? path.resolve(env.WALLET_OPS_AUDIT_KEY) : path.join(userDataDir, 'audit.key');
}

/**
 * The database key's file in browser mode and for the scripts (seed, bench, audit:verify):
 * WALLET_OPS_DB_KEY, else beside the audit key. Losing it loses the database: it is backed up
 * with the backups' folder in mind (README, Security).
 */
export function defaultDatabaseKeyFile(userDataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.WALLET_OPS_DB_KEY ? path.resolve(env.WALLET_OPS_DB_KEY) : path.join(userDataDir, 'database.key');
}
