import fs from 'node:fs';
import path from 'node:path';
import { defaultDatabaseKeyFile, keyFileProvider } from '../electron/db/audit-key';
import { defaultUserDataDir } from '../electron/host/paths';

/**
 * The database key for the scripts that open a desk's file (seed, audit:verify, db:copy):
 * `--db-key <file>`, else WALLET_OPS_DB_KEY, else browser mode's key file in the user-data
 * folder. `create`: a script making a new database makes the key too; one that only reads
 * goes without when there is none (a plaintext file), and the open says so if that was wrong.
 */
export function databaseKeyFromArgs(argv: string[], opts: { create: boolean }): Buffer | null {
  const i = argv.indexOf('--db-key');
  const file = i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]) : defaultDatabaseKeyFile(defaultUserDataDir());
  if (!opts.create && !fs.existsSync(file)) return null;
  return keyFileProvider(file, 'database key').load();
}
