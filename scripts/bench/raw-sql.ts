import type Database from 'better-sqlite3';
import pg from 'pg';
import { poolConfig } from '../../electron/db/postgres/connect';
import type { EngineKind } from '../../electron/db/engine';

type Params = unknown[] | Record<string, unknown>;

/**
 * The raw-SQL side of the bench, one interface on both engines: the floors and the untimed
 * set-ups write their statements once, in the SQL both engines read (`?` or `@name`
 * placeholders), and run them on a connection of their own beside the app's.
 */
export interface RawSql {
  readonly kind: EngineKind;
  all<T = Record<string, unknown>>(text: string, params?: Params): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, params?: Params): Promise<T | undefined>;
  /** A statement that returns no rows. */
  run(text: string, params?: Params): Promise<void>;
  /** Several statements without parameters. */
  exec(text: string): Promise<void>;
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function sqliteRaw(sqlite: Database.Database): RawSql {
  const bind = (p?: Params) => (p === undefined ? [] : Array.isArray(p) ? p : [p]);
  // Prepared once, as a hand-written floor would keep its statements.
  const prepared = new Map<string, Database.Statement>();
  const statement = (text: string) => {
    let s = prepared.get(text);
    if (!s) prepared.set(text, (s = sqlite.prepare(text)));
    return s;
  };
  return {
    kind: 'sqlite',
    async all<T>(text: string, params?: Params) {
      return statement(text).all(...bind(params)) as T[];
    },
    async get<T>(text: string, params?: Params) {
      return statement(text).get(...bind(params)) as T | undefined;
    },
    async run(text, params) {
      statement(text).run(...bind(params));
    },
    async exec(text) {
      sqlite.exec(text);
    },
    async transaction(work) {
      // The work's awaits resolve synchronously here (better-sqlite3), so nothing interleaves.
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const out = await work();
        sqlite.exec('COMMIT');
        return out;
      } catch (err) {
        sqlite.exec('ROLLBACK');
        throw err;
      }
    },
    async close() {},
  };
}

/**
 * `?` and `@name` to PostgreSQL's `$n`, outside quoted text. Every floor is written in the
 * subset both engines share, so this is the only translation the bench makes.
 */
export function toPostgresText(text: string, params?: Params): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const named = new Map<string, number>();
  let out = '';
  let positional = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      out += text.slice(i, end + 1);
      i = end;
    } else if (ch === '?') {
      values.push((params as unknown[])[positional++]);
      out += `$${values.length}`;
    } else if (ch === '@' && /[a-z_]/i.test(text[i + 1] ?? '')) {
      const name = /^[a-z_][a-z0-9_]*/i.exec(text.slice(i + 1))![0];
      if (!named.has(name)) {
        values.push((params as Record<string, unknown>)[name]);
        named.set(name, values.length);
      }
      out += `$${named.get(name)}`;
      i += name.length;
    } else out += ch;
  }
  return { text: out, values };
}

export async function postgresRaw(url: string): Promise<RawSql> {
  // The app's own row parsing (ISO instants, numbers), so a floor reads what the handler reads.
  const { types, options } = poolConfig(url);
  const client = new pg.Client({ connectionString: url, types, options });
  await client.connect();
  const query = async (text: string, params?: Params) => {
    const q = toPostgresText(text, params);
    return (await client.query(q.text, q.values)).rows;
  };
  return {
    kind: 'postgres',
    all: query as RawSql['all'],
    async get<T>(text: string, params?: Params) {
      return (await query(text, params))[0] as T | undefined;
    },
    async run(text, params) {
      await query(text, params);
    },
    async exec(text) {
      await client.query(text);
    },
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const out = await work();
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    },
    close: () => client.end(),
  };
}
