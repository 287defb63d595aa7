import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../db/open';
import { handlers } from '../api/handlers';
import { dispatch } from '../api/core/dispatch';
import { createServices } from '../api/core/services';
import type { Services } from '../api/core/context';
import { hashPassword } from '../api/session/passwords';
import type { DB } from '../db/schema';
import type { ChannelName, EventName, Events, InputOf, OutputOf, Result } from '../../shared/contract';
import type { Role } from '../../shared/domain/roles';

/** What every test console offers, on either engine: calls through the real dispatch, and sign-in. */
function consoleAround(services: Services, subscribe: ReturnType<typeof createServices>['subscribe']) {
  const events: { event: EventName; payload: Events[EventName] }[] = [];
  subscribe((event, payload) => events.push({ event, payload }));
  /**
   * Calls a channel as `client`. With a contract channel and a payload of its input type the
   * result is typed from the contract; any string and payload is accepted too, for the tests
   * that send what a hostile client would.
   */
  function call<C extends ChannelName>(client: string, channel: C, payload: InputOf<C>): Promise<Result<OutputOf<C>>>;
  function call(client: string, channel: string, payload: unknown): Promise<Result<unknown>>;
  function call(client: string, channel: string, payload: unknown) {
    return dispatch(services, handlers, client, channel, payload);
  }
  return {
    services,
    db: services.db,
    events,
    call,
    /**
     * Calls a channel and returns its data, typed from the contract; a refusal fails the test
     * with its code and message. The payload is left to dispatch's own check, as a client's is.
     */
    async ok<C extends ChannelName>(client: string, channel: C, payload: unknown): Promise<OutputOf<C>> {
      return unwrap((await call(client, channel, payload)) as Result<OutputOf<C>>, channel);
    },
    /** Calls a channel that must be refused and returns the error. */
    async refusal(client: string, channel: string, payload: unknown) {
      const res = await call(client, channel, payload);
      if (res.ok) throw new Error(`${channel} unexpectedly succeeded`);
      return res.error;
    },
    /** Creates an operator (existing from the test's clock) and signs them in as `client`; returns the operator id. */
    async signInAs(client: string, role: Role, username = `${role}-${client}`, password = 'pass1234') {
      const hash = await hashPassword(password);
      const row = await services.db
        .insertInto('operators')
        .values({
          username,
          display_name: username,
          role,
          password_hash: hash,
          created_at: services.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const res = await call(client, 'session:signIn', { username, password });
      if (!res.ok) throw new Error(`sign-in failed: ${res.error.code}`);
      return Number(row.id);
    },
  };
}

/** A real SQLite file in a temporary folder, migrated, with services and a dispatcher. */
export function makeTestConsole(opts: { now?: () => Date } = {}) {
  const queries: { sql: string; params: readonly unknown[] }[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-test-'));
  const file = path.join(dir, 'test.db');
  const sqlite = openDatabase(file);
  const wiring = createServices(sqlite, 'browser', opts.now, (sql, params) => queries.push({ sql, params }));
  return {
    ...consoleAround(wiring.services, wiring.subscribe),
    dir,
    file,
    sqlite,
    /** Every SQL statement handlers ran through Kysely, for EXPLAIN QUERY PLAN checks. */
    queries,
    close() {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestConsole = ReturnType<typeof makeTestConsole>;

/** The data of a successful result; a refusal fails the test with its code and message. */
export function unwrap<T>(res: Result<T>, what = 'call'): T {
  if (!res.ok) throw new Error(`${what}: ${res.error.code} ${res.error.message}`);
  return res.data;
}

export function count(sqlite: Database.Database, table: string): number {
  return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** count(*) of a table through Kysely, on either engine. */
export async function countRows(db: Kysely<DB>, table: keyof DB): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(r.rows[0].n);
}

export { consoleAround };
