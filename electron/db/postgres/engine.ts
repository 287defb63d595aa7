import pg from 'pg';
import { newEngineId, redactUrl, type Engine } from '../engine';
import { createPostgresKysely, poolConfig, type PostgresOptions } from './connect';
import { keepListening } from './listener';
import { migratePostgres, pgSchemaVersion } from './migrations';

/** The channel every host listens on; a payload is `{ host, event, payload }` as JSON. */
export const NOTIFY_CHANNEL = 'wallet_ops_events';

export interface PostgresEngine extends Engine {
  readonly pool: pg.Pool;
  /** The CA file TLS was verified with, for workers that open connections of their own. */
  readonly caFile?: string;
  /** Receives what other hosts announce (LISTEN, reconnected after a loss); returns the unsubscribe. */
  listen(onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** Announces to every host on the database (NOTIFY), this one included. */
  notify(payload: string): Promise<void>;
}

/** Connects, migrates (under an advisory lock, so desktops starting together migrate once) and wires Kysely. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<PostgresEngine> {
  const pool = new pg.Pool(poolConfig(url, opts));
  // A client that loses its server must not crash the host: the pool handles idle ones, but a
  // checked-out client between queries emits 'error' with no listener (and Node throws). Its
  // query fails with the loss instead (DATABASE_UNAVAILABLE) and the next one reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const client = await pool.connect();
  try {
    await migratePostgres(client);
  } catch (err) {
    client.release();
    await pool.end();
    throw err;
  }
  client.release();
  const db = createPostgresKysely(pool, opts.onQuery);
  const id = newEngineId();
  return {
    kind: 'postgres',
    id,
    db,
    pool,
    caFile: opts.caFile,
    sqlite: null,
    location: url,
    label: redactUrl(url),
    settings: null,
    async schemaVersion() {
      const c = await pool.connect();
      try {
        return await pgSchemaVersion(c);
      } finally {
        c.release();
      }
    },
    async changeMark() {
      const r = await pool.query('SELECT n FROM db_changes WHERE one = 1');
      return `${id}:${r.rows[0].n}`;
    },
    listen(onMessage, onReconnect) {
      return keepListening(() => new pg.Client(poolConfig(url, opts)), NOTIFY_CHANNEL, { onMessage, onReconnect });
    },
    async notify(payload) {
      await pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, payload]);
    },
    async close() {
      await db.destroy();
    },
  };
}
