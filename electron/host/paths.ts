import os from 'node:os';
import path from 'node:path';

export const DB_ENV = 'WALLET_OPS_DB';

/** `--db <path>` or `--db=<path>` on the command line, else the WALLET_OPS_DB variable. */
export function dbPathFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--db' && argv[i + 1]) return path.resolve(argv[i + 1]);
    if (argv[i].startsWith('--db=')) return path.resolve(argv[i].slice(5));
  }
  return env[DB_ENV] ? path.resolve(env[DB_ENV]) : null;
}

/** The OS user-data folder Electron would use, for browser mode on the same machine. */
export function defaultUserDataDir(platform = process.platform, env = process.env): string {
  const name = 'Wallet Ops Console';
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', name);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), name);
}
