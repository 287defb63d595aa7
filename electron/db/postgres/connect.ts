import fs from 'node:fs';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, PostgresDriver, type DatabaseConnection } from 'kysely';
import type { DB } from '../schema';

export interface PostgresOptions {
  /** A CA certificate file for TLS (also `sslrootcert=` in the URL); with it the server's certificate is verified. */
  caFile?: string;
  /** Connections this host keeps open (default 10). */
  poolSize?: number;
  onQuery?: (sql: string, params: readonly unknown[]) => void;
}

// Rows read the same on both engines: bigint money and counts as numbers (minor units stay far
// below 2^53), sums (numeric) as numbers, instants as the canonical ISO text the SQLite schema
// stores ('2026-11-22T08:00:00.000Z'), local days as 'YYYY-MM-DD'.
const parseTimestamp = pg.types.getTypeParser(1184) as (v: string) => Date;
const PARSERS: Record<number, (v: string) => unknown> = {
  20: Number,
  1700: Number,
  1184: (v) => parseTimestamp(v).toISOString(),
  1082: (v) => v,
};
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    PARSERS[oid] ?? (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format),
};

/** pg's Pool config for a URL: UTC sessions, our type parsers, and TLS from the URL or a CA file. */
export function poolConfig(url: string, opts: PostgresOptions = {}): pg.PoolConfig {
  const config: pg.PoolConfig = {
    connectionString: url,
    max: opts.poolSize ?? 10,
    // Timestamps compare and print in UTC whatever the server's or the desktop's zone.
    options: '-c TimeZone=UTC',
    types: types as pg.CustomTypesConfig,
    connectionTimeoutMillis: 5_000,
  };
  if (opts.caFile) config.ssl = { ca: fs.readFileSync(opts.caFile, 'utf8'), rejectUnauthorized: true };
  return config;
}

/**
 * Every transaction runs SERIALIZABLE: a transaction that reads then writes either sees what
 * it would see alone or fails with a serialization error (40001), which dispatch retries.
 */
class SerializableDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('start transaction isolation level serializable'));
  }
}

class SerializableDialect extends PostgresDialect {
  constructor(private readonly config: ConstructorParameters<typeof PostgresDialect>[0]) {
    super(config);
  }
  override createDriver() {
    return new SerializableDriver(this.config);
  }
}

export function createPostgresKysely(pool: pg.Pool, onQuery?: PostgresOptions['onQuery']): Kysely<DB> {
  const log = onQuery
    ? (e: { level: string; query: { sql: string; parameters: readonly unknown[] } }) =>
        onQuery(e.query.sql, e.query.parameters)
    : undefined;
  return new Kysely<DB>({ dialect: new SerializableDialect({ pool }), log });
}

/** Serialization failures and deadlocks: the transaction did nothing and can run again. */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** The server cannot be reached (refused, reset, timed out, shutting down). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'ENOTFOUND',
      'EPIPE',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08001',
    ].includes(code) || /Connection terminated|timeout exceeded when trying to connect/i.test(String(e?.message ?? ''))
  );
}
