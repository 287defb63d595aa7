import path from 'node:path';
import { bootConsole } from '../host/boot';
import { handlers } from '../api/handlers';
import { dbCaFileFromArgs, dbPathFromArgs, defaultUserDataDir } from '../host/paths';
import { demoRequested } from '../host/args';
import { startBrowserHost } from './http';

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
  const app = await bootConsole({
    dbPath,
    dbCaFile: dbCaFileFromArgs(argv),
    host: 'browser',
    demo: demoRequested({ argv, env: process.env }),
    log: (l) => console.log(l),
  });
  const host = await startBrowserHost({ services: app.services, handlers, subscribe: app.subscribe, staticDir, port });
  console.log(`READY ${host.url}`);
  const stop = async () => {
    await host.close();
    await app.close();
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
export { DEMO_OPERATORS, generateDataset } from '../seed/generate';
