import os from 'node:os';
import path from 'node:path';

export const DB_ENV = 'WALLET_OPS_DB';

export const DB_CA_ENV = 'WALLET_OPS_DB_CA';

/** A file path resolved against the working folder; a postgres:// URL (team mode) as it is. */
const target = (value: string) => (/^postgres(ql)?:\/\//i.test(value) ? value : path.resolve(value));

/** `--name <value>` or `--name=<value>` on the command line. */
function flag(argv: string[], name: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name && argv[i + 1]) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return null;
}

/**
 * `--db <path | postgres://…>` on the command line, else the WALLET_OPS_DB variable. A URL picks
 * team mode; its TLS options go in the URL (`?sslmode=verify-full&sslrootcert=ca.pem`).
 */
export function dbPathFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): string | null {
  const value = flag(argv, '--db') ?? env[DB_ENV] ?? null;
  return value ? target(value) : null;
}

/** `--db-ca <file>` or WALLET_OPS_DB_CA: the CA that signed the PostgreSQL server's certificate. */
export function dbCaFileFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = flag(argv, '--db-ca') ?? env[DB_CA_ENV];
  return value ? path.resolve(value) : undefined;
}

/** The OS user-data folder Electron would use, for browser mode on the same machine. */
export function defaultUserDataDir(platform = process.platform, env = process.env): string {
  const name = 'Wallet Ops Console';
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', name);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), name);
}
