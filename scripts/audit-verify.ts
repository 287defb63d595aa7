import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultUserDataDir, dbPathFromArgs } from '../electron/host/paths';
import { verifyChain } from '../electron/db/audit';

/** npm run audit:verify [-- --db path]: walks the audit chain and reports the first broken event. */
async function main() {
  const file = dbPathFromArgs(process.argv.slice(2)) ?? path.join(defaultUserDataDir(), 'wallet-ops.db');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const report = await verifyChain(db);
  db.close();
  if (report.intact) {
    console.log(
      `Audit chain intact: ${report.checked.toLocaleString('en-US')} events verified in ${report.millis} ms (${file}).`,
    );
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
