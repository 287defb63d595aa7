import path from 'node:path';
import { keyFileProvider } from '../electron/db/audit-key';
import { openSqliteFile } from '../electron/db/encryption';

/**
 * The e2e databases are encrypted like every desk's: the template with this key, and each test's
 * copy opened by the host with it (WALLET_OPS_DB_KEY, hosts.ts), so specs reading a database
 * directly go through here.
 */
export const E2E_DB_KEY_FILE = path.resolve('.cache/e2e/database.key');

export const e2eDatabaseKey = () => keyFileProvider(E2E_DB_KEY_FILE, 'database key').load();

/** A spec's own connection to a test's database. */
export function openE2eDatabase(file: string, opts: { readonly?: boolean; fileMustExist?: boolean } = {}) {
  return openSqliteFile(file, { key: e2eDatabaseKey(), ...opts });
}
