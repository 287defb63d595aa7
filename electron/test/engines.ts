import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import type { EngineKind } from '../db/engine';
import { openPostgres } from '../db/postgres/engine';
import { loadSettings } from '../db/settings';
import { fingerprint } from '../db/fingerprint';
import { PG_MIGRATIONS } from '../db/postgres/migrations';
import { createServices } from '../api/core/services';
import { relayEvents } from '../host/relay';
import { consoleAround, makeTestConsole } from './harness';

/**
 * One harness, both engines. The suites written with describeEngines run on SQLite always and on
 * PostgreSQL when WALLET_OPS_TEST_PG names a server (CI starts a throwaway one: .ci/run); without
 * it the PostgreSQL half is reported as skipped, with the reason in its name.
 */
export const TEST_PG = process.env.WALLET_OPS_TEST_PG ?? '';
export const PG_SKIP_REASON = 'skipped: set WALLET_OPS_TEST_PG=postgres://… to run on PostgreSQL';

export function describeEngines(name: string, body: (kind: EngineKind) => void): void {
  describe(`${name} [sqlite]`, () => body('sqlite'));
  if (TEST_PG) describe(`${name} [postgres]`, () => body('postgres'));
  else describe.skip(`${name} [postgres] (${PG_SKIP_REASON})`, () => body('postgres'));
}

// Named by the migration set's fingerprint, so a changed schema never reuses a stale template.
const TEMPLATE = `wallet_ops_test_template_${fingerprint(
  PG_MIGRATIONS.map((m) => m.sql),
  12,
)}`;

function urlFor(database: string): string {
  const u = new URL(TEST_PG);
  u.pathname = `/${database}`;
  return u.toString();
}

/** An empty, migrated PostgreSQL database of its own (copied from a migrated template: fast). */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: TEST_PG });
  await admin.connect();
  const name = `wallet_ops_test_${randomBytes(6).toString('hex')}`;
  try {
    // Test files run in parallel processes: one of them builds the template, the others wait.
    await admin.query('SELECT pg_advisory_lock(7510111)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${TEMPLATE}`);
      const engine = await openPostgres(urlFor(TEMPLATE), { poolSize: 1 });
      await engine.close();
    }
    await createFromTemplate(admin, name);
    await admin.query('SELECT pg_advisory_unlock(7510111)');
  } finally {
    await admin.end();
  }
  return {
    url: urlFor(name),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The template's last connections may still be closing: PostgreSQL refuses a busy template, so wait. */
async function createFromTemplate(admin: pg.Client, name: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
      return;
    } catch (err) {
      if (attempt > 100 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A host (services + dispatch) on an existing PostgreSQL database, with the LISTEN/NOTIFY relay. */
export async function postgresHost(url: string, opts: { now?: () => Date } = {}) {
  const engine = await openPostgres(url, { poolSize: 4 });
  await loadSettings(engine);
  const wiring = createServices(engine, 'browser', opts.now);
  const stopRelay = await relayEvents(wiring.services, engine, () => {});
  return {
    ...consoleAround(wiring.services, wiring.subscribe),
    kind: 'postgres' as EngineKind,
    async close() {
      await stopRelay();
      await engine.close();
    },
  };
}

/** A test console on the engine asked for: a temporary SQLite file, or a fresh PostgreSQL database. */
export async function makeEngineConsole(kind: EngineKind, opts: { now?: () => Date } = {}) {
  if (kind === 'sqlite') {
    const t = makeTestConsole(opts);
    return {
      ...t,
      kind,
      url: t.file,
      async close() {
        t.close();
      },
    };
  }
  const database = await freshPostgresDatabase();
  const host = await postgresHost(database.url, opts);
  return {
    ...host,
    url: database.url,
    async close() {
      await host.close();
      await database.drop();
    },
  };
}

export type EngineConsole = Awaited<ReturnType<typeof makeEngineConsole>>;
