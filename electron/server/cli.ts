import path from 'node:path';
import { bootConsole } from '../host/boot';
import { defaultDatabaseKeyFile, defaultKeyFile, keyFileProvider } from '../db/audit-key';
import { handlers } from '../api/handlers';
import { dbCaFileFromArgs, dbPathFromArgs, defaultUserDataDir } from '../host/paths';
import { demoRequested } from '../host/args';
import { startBrowserHost } from './http';
import { AppError } from '../../shared/contract/errors';
import { startRecovery } from '../api/recovery/recovery';
import type { Listener } from '../api/core/services';
import { isPostgresUrl } from '../db/engine';

/**
 * Browser mode: `node out/main/server.js [--db path] [--port n] [--demo]`.
 * Prints `READY <url>` once serving, which scripts and the e2e fixture wait for.
 */
async function main() {
  const argv = process.argv.slice(2);
  const dbPath = dbPathFromArgs(argv) ?? path.join(defaultUserDataDir(), 'wallet-ops.db');
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.WALLET_OPS_PORT ?? 0);
  const staticDir = path.resolve(__dirname, '../renderer');
  const keys = keyFileProvider(defaultKeyFile(defaultUserDataDir()));
  const databaseKey = keyFileProvider(defaultDatabaseKeyFile(defaultUserDataDir()), 'database key');
  const boot = () =>
    bootConsole({
      dbPath,
      dbCaFile: dbCaFileFromArgs(argv),
      host: 'browser',
      demo: demoRequested({ argv, env: process.env }),
      // Browser mode has no OS keychain to ask: a 0600 key file outside the database.
      auditKey: keys,
      databaseKey,
      log: (l) => console.log(l),
    });
  let app: Awaited<ReturnType<typeof boot>> | null = null;
  let recovery: ReturnType<typeof startRecovery> | null = null;
  try {
    app = await boot();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'DB_CORRUPT' || isPostgresUrl(dbPath)) throw err;
    // A damaged file is never half-served: the host serves the recovery screen alone.
    console.error(`The database is damaged: ${err.message}. Serving the recovery screen.`);
    recovery = startRecovery({
      dbPath,
      host: 'browser',
      key: keys.load(),
      databaseKey: databaseKey.load(),
      problem: err.message,
    });
  }
  const current = () => app ?? recovery!;
  // The host reads services and handlers per request, so the recovery screen hands over in place.
  const hostOpts = {
    services: current().services,
    handlers: app ? handlers : recovery!.handlers,
    subscribe: (l: Listener) => current().subscribe(l),
    staticDir,
    port,
  };
  const host = await startBrowserHost(hostOpts);
  console.log(`READY ${host.url}`);
  void recovery?.whenRestored
    .then(async () => {
      app = await boot();
      hostOpts.services = app.services;
      hostOpts.handlers = handlers;
      console.log('Restored from a backup: the console is served again.');
    })
    .catch((err) => {
      console.error(`The restored database could not be started: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    });
  const stop = async () => {
    await host.close();
    await app?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run as a program (`node out/main/server.js`) it serves; required as a module it only
// lends its pieces to `npm run bench`, which so measures the built app, not the sources.
if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

export { dispatch } from '../api/core/dispatch';
export { handlers } from '../api/handlers';
export { createServices } from '../api/core/services';
export { openDatabase } from '../db/open';
export { openEngine } from '../host/open-engine';
export { openPostgres } from '../db/postgres/engine';
export { copySqliteToPostgres } from '../db/postgres/copy';
export { readSettings } from '../db/settings';
export { DEMO_OPERATORS, generateDataset } from '../seed/generate';
