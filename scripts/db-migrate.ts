import { isPostgresUrl, redactUrl } from '../electron/db/engine';
import { openPostgres } from '../electron/db/postgres/engine';
import { pgSchemaVersion } from '../electron/db/postgres/migrations';
import { DESKTOP_ROLE } from '../electron/db/postgres/roles';
import { dbCaFileFromArgs } from '../electron/host/paths';

/**
 * npm run db:migrate -- --db postgres://owner@host/db [--db-ca ca.pem]: brings a team database to
 * this app's schema as its owner role, and grants the desktop role (wallet_ops_desktop) its rights.
 */
async function main() {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--db');
  const url = i >= 0 ? argv[i + 1] : process.env.WALLET_OPS_DB;
  if (!url || !isPostgresUrl(url)) throw new Error('Usage: npm run db:migrate -- --db postgres://owner@host/db');
  const engine = await openPostgres(url, { caFile: dbCaFileFromArgs(argv), poolSize: 1 });
  try {
    const client = await engine.pool.connect();
    try {
      const version = await pgSchemaVersion(client);
      const role = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [DESKTOP_ROLE]);
      console.log(`${redactUrl(url)} is at schema ${version}.`);
      console.log(
        role.rowCount
          ? `Role ${DESKTOP_ROLE} may use the console's tables; it cannot alter the audit trail or the schema.`
          : `No role ${DESKTOP_ROLE} yet: create it (see the README's database administrator section) and run this again.`,
      );
    } finally {
      client.release();
    }
  } finally {
    await engine.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
