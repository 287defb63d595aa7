import fs from 'node:fs';
import pg from 'pg';
import type { BenchApp } from './app';

/**
 * The team-mode bench database: the cached SQLite database of the scale, copied once into a
 * PostgreSQL database of its own (`wallet_ops_bench_<scale>`, by the same copy `npm run db:copy`
 * makes), then cloned for each run (`…_run`, CREATE DATABASE … TEMPLATE: a file copy), so a
 * run's writes never grow the cached one. `server` names any database of a role that may
 * create databases; the bench's own live beside it.
 */
export async function postgresBenchDatabase(
  app: BenchApp,
  server: string,
  source: { file: string; key: Buffer | null },
  scale: string,
): Promise<string> {
  const cached = `wallet_ops_bench_${scale}`;
  const run = `${cached}_run`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    // The copy is stamped with its source's build time: a rebuilt SQLite database is copied again.
    const stamp = String(Math.round(fs.statSync(source.file).mtimeMs));
    const have = await admin.query('SELECT shobj_description(oid, $2) AS stamp FROM pg_database WHERE datname = $1', [
      cached,
      'pg_database',
    ]);
    if (have.rows[0]?.stamp !== stamp) {
      await admin.query(`DROP DATABASE IF EXISTS ${run} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${cached} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${cached}`);
      console.log(`Copying the ${scale} database into PostgreSQL (${cached}; cached for later runs)…`);
      const sqlite = app.openDatabase(source.file, { databaseKey: source.key });
      const engine = await app.openPostgres(urlOf(server, cached), { poolSize: 1 });
      try {
        const report = await app.copySqliteToPostgres(sqlite, engine);
        const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
        console.log(
          `Copied ${rows.toLocaleString('en-US')} rows in ${(report.millis / 1000).toFixed(1)} s (${Math.round(rows / (report.millis / 1000)).toLocaleString('en-US')} rows/s)`,
        );
        if (!report.chain.intact) throw new Error('the audit chain did not verify after the copy');
      } finally {
        sqlite.close();
        await engine.close();
      }
      await admin.query(`COMMENT ON DATABASE ${cached} IS '${stamp}'`);
    }
    await admin.query(`DROP DATABASE IF EXISTS ${run} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${run} TEMPLATE ${cached}`);
  } finally {
    await admin.end();
  }
  return urlOf(server, run);
}

function urlOf(server: string, database: string): string {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
}
