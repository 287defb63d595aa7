import path from 'node:path';
import type { ChainReport } from '../shared/contract/audit';
import { defaultUserDataDir, dbCaFileFromArgs, dbPathFromArgs } from '../electron/host/paths';
import { defaultKeyFile } from '../electron/db/audit-key';
import { verifyDatabaseFile } from '../electron/db/audit-verify-file';
import { verifyChain } from '../electron/db/audit';
import { isPostgresUrl, redactUrl } from '../electron/db/engine';
import { openPostgres } from '../electron/db/postgres/engine';
import { databaseKeyFromArgs } from './database-key';

/**
 * npm run audit:verify [-- --db path | --db postgres://…] [-- --key path] [-- --db-key path]: walks the audit chain
 * and reports the first broken event. A SQLite file is opened read-only and its events' keyed
 * MACs are checked and the chain held against the signed checkpoint beside it. A team database
 * is read through the same engine the desktops use (which also brings its schema up to date):
 * its hash chain only, as the keyed anchor is SQLite-only for now. Exit code 2 when broken.
 */
async function main() {
  const argv = process.argv.slice(2);
  const target = dbPathFromArgs(argv) ?? path.join(defaultUserDataDir(), 'wallet-ops.db');
  let report: ChainReport;
  let checkpointFile = '';
  if (isPostgresUrl(target)) {
    const engine = await openPostgres(target, { caFile: dbCaFileFromArgs(argv), poolSize: 1 });
    try {
      report = await verifyChain(engine.db);
    } finally {
      await engine.close();
    }
  } else {
    const k = argv.indexOf('--key');
    const keyFile = k >= 0 && argv[k + 1] ? path.resolve(argv[k + 1]) : defaultKeyFile(defaultUserDataDir());
    const file = await verifyDatabaseFile(target, keyFile, databaseKeyFromArgs(argv, { create: false }));
    ({ report, checkpointFile } = file);
    if (!file.keyed) console.log(`No audit key at ${keyFile}: checking the hash chain only (no MACs, no checkpoint).`);
    else if (report.checkpoint) {
      console.log(`Checkpoint ${checkpointFile}: ${report.checkpoint.count} events at ${report.checkpoint.at}.`);
    } else if (report.problem !== 'checkpoint_invalid') console.log(`No checkpoint at ${checkpointFile}.`);
  }
  const where = isPostgresUrl(target) ? redactUrl(target) : target;
  if (report.intact) {
    console.log(
      `Audit chain intact: ${report.checked.toLocaleString('en-US')} events verified (${report.anchored.toLocaleString('en-US')} by their keyed MAC) in ${report.millis} ms (${where}).`,
    );
  } else if (report.problem === 'checkpoint_invalid') {
    console.log(`Audit checkpoint ${checkpointFile} is NOT validly signed: it was edited, or made with another key.`);
    process.exitCode = 2;
  } else {
    console.log(
      `Audit chain BROKEN at event #${report.firstBrokenId} (${report.problem}); ${report.checked} events before it are intact.`,
    );
    process.exitCode = 2;
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
