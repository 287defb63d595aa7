import path from 'node:path';

/** What both hosts read from their command line and environment. */
export interface HostArgs {
  argv: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Demo data only when asked for: `--demo` or WALLET_OPS_DEMO=1. An empty (or 0-byte) database
 * is never filled with the demo operators and their published passwords by default, and a
 * packaged build never passes the flag itself.
 */
export function demoRequested({ argv, env }: HostArgs): boolean {
  return argv.includes('--demo') || env.WALLET_OPS_DEMO === '1';
}

/** `--user-data-dir=<dir>` (or `--user-data-dir <dir>`): a profile of its own, as the e2e tests give each test. */
export function userDataDirArg(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--user-data-dir=')) return path.resolve(argv[i].slice('--user-data-dir='.length));
    if (argv[i] === '--user-data-dir' && argv[i + 1]) return path.resolve(argv[i + 1]);
  }
  return null;
}
