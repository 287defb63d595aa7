import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultUserDataDir, dbCaFileFromArgs, dbPathFromArgs } from '../electron/host/paths';
import { verifyChain } from '../electron/db/audit';
import { isPostgresUrl, redactUrl } from '../electron/db/engine';
import { openPostgres } from '../electron/db/postgres/engine';

/**
 * npm run audit:verify [-- --db path | --db postgres://…]: walks the audit chain and reports the
 * first broken event. A SQLite file is opened read-only; a team database through the same engine
 * the desktops use (which also brings its schema up to date, as any desktop would).
 */
async function main() {
  const argv = process.argv.slice(2);
  const target = dbPathFromArgs(argv) ?? path.join(defaultUserDataDir(), 'wallet-ops.db');
  let report;
  if (isPostgresUrl(target)) {
    const engine = await openPostgres(target, { caFile: dbCaFileFromArgs(argv), poolSize: 1 });
    try {
      report = await verifyChain(engine.db);
    } finally {
      await engine.close();
    }
  } else {
    const db = new Database(target, { readonly: true, fileMustExist: true });
    report = await verifyChain(db);
    db.close();
  }
  const where = isPostgresUrl(target) ? redactUrl(target) : target;
  if (report.intact) {
    console.log(
      `Audit chain intact: ${report.checked.toLocaleString('en-US')} events verified in ${report.millis} ms (${where}).`,
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
