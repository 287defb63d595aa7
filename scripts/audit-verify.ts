import path from 'node:path';
import { defaultUserDataDir, dbPathFromArgs } from '../electron/host/paths';
import { defaultKeyFile } from '../electron/db/audit-key';
import { verifyDatabaseFile } from '../electron/db/audit-verify-file';

/**
 * npm run audit:verify [-- --db path] [-- --key path]: walks the audit chain, checks each event's
 * keyed MAC and holds the chain against the signed checkpoint beside the database; reports
 * the first broken event. Exit code 2 when broken.
 */
async function main() {
  const argv = process.argv.slice(2);
  const file = dbPathFromArgs(argv) ?? path.join(defaultUserDataDir(), 'wallet-ops.db');
  const k = argv.indexOf('--key');
  const keyFile = k >= 0 && argv[k + 1] ? path.resolve(argv[k + 1]) : defaultKeyFile(defaultUserDataDir());
  const { report, keyed, checkpointFile } = await verifyDatabaseFile(file, keyFile);
  if (!keyed) console.log(`No audit key at ${keyFile}: checking the hash chain only (no MACs, no checkpoint).`);
  else if (report.checkpoint) {
    console.log(`Checkpoint ${checkpointFile}: ${report.checkpoint.count} events at ${report.checkpoint.at}.`);
  } else if (report.problem !== 'checkpoint_invalid') console.log(`No checkpoint at ${checkpointFile}.`);
  if (report.intact) {
    console.log(
      `Audit chain intact: ${report.checked.toLocaleString('en-US')} events verified (${report.anchored.toLocaleString('en-US')} by their keyed MAC) in ${report.millis} ms (${file}).`,
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
