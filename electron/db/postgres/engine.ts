import pg from 'pg';
import { newEngineId, redactUrl, type Engine } from '../engine';
import { createPostgresKysely, poolConfig, type PostgresOptions } from './connect';
import { migratePostgres, pgSchemaVersion } from './migrations';

/** The channel every host listens on; a payload is `{ host, event, payload }` as JSON. */
export const NOTIFY_CHANNEL = 'wallet_ops_events';

export interface PostgresEngine extends Engine {
  readonly pool: pg.Pool;
  /** Receives what other hosts announce (LISTEN); returns the unsubscribe. */
  listen(onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /** Announces to every host on the database (NOTIFY), this one included. */
  notify(payload: string): Promise<void>;
}

/** Connects, migrates (under an advisory lock, so desktops starting together migrate once) and wires Kysely. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<PostgresEngine> {
  const pool = new pg.Pool(poolConfig(url, opts));
  // An idle client that loses its server must not crash the host; the next query reconnects.
  pool.on('error', () => {});
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
    async listen(onMessage) {
      // LISTEN holds its own connection outside the pool, for as long as the host runs.
      const listener = new pg.Client(poolConfig(url, opts));
      listener.on('error', () => {});
      await listener.connect();
      listener.on('notification', (n) => {
        if (n.channel === NOTIFY_CHANNEL && n.payload) onMessage(n.payload);
      });
      await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);
      return async () => {
        await listener.end().catch(() => {});
      };
    },
    async notify(payload) {
      await pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, payload]);
    },
    async close() {
      await db.destroy();
    },
  };
}
