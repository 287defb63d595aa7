import { isPostgresUrl, redactUrl } from '../electron/db/engine';
import { openDatabase } from '../electron/db/open';
import { databaseKeyFromArgs } from './database-key';
import { openPostgres } from '../electron/db/postgres/engine';
import { copySqliteToPostgres } from '../electron/db/postgres/copy';
import { dbCaFileFromArgs } from '../electron/host/paths';

/**
 * npm run db:copy -- --from desk.db --to postgres://owner@host/db [--db-ca ca.pem]: moves a desk's
 * data into an empty team database in one transaction, audit chain included, then verifies the
 * chain on PostgreSQL. Run it as the database's owner role (it switches triggers off for the copy).
 */
async function main() {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const from = arg('--from');
  const to = arg('--to');
  if (!from || !to || !isPostgresUrl(to)) throw new Error('Usage: npm run db:copy -- --from file.db --to postgres://…');
  // Brought to the current schema first (backed up, as at any start), so its tables match the team schema.
  const sqlite = openDatabase(from, { databaseKey: databaseKeyFromArgs(argv, { create: false }) });
  const engine = await openPostgres(to, { caFile: dbCaFileFromArgs(argv), poolSize: 1 });
  try {
    const report = await copySqliteToPostgres(sqlite, engine);
    const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
    console.log(
      `Copied ${total.toLocaleString('en-US')} rows from ${from} to ${redactUrl(to)} in ${report.millis} ms.`,
    );
    if (!report.chain.intact) {
      console.log(`Audit chain BROKEN after the copy at #${report.chain.firstBrokenId} (${report.chain.problem}).`);
      process.exitCode = 2;
    } else console.log(`Audit chain intact on PostgreSQL: ${report.chain.checked.toLocaleString('en-US')} events.`);
  } finally {
    sqlite.close();
    await engine.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
