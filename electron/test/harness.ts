import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../db/open';
import { handlers } from '../api/handlers';
import { dispatch } from '../api/core/dispatch';
import { createServices } from '../api/core/services';
import { hashPassword } from '../api/session/passwords';
import type { ChannelName, EventName, Events, InputOf, OutputOf, Result } from '../../shared/contract';
import type { Role } from '../../shared/domain/roles';

/** A real SQLite file in a temporary folder, migrated, with services and a dispatcher. */
export function makeTestConsole(opts: { now?: () => Date } = {}) {
  const queries: { sql: string; params: readonly unknown[] }[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-test-'));
  const file = path.join(dir, 'test.db');
  const sqlite = openDatabase(file);
  const wiring = createServices(sqlite, 'browser', opts.now, (sql, params) => queries.push({ sql, params }));
  const events: { event: EventName; payload: Events[EventName] }[] = [];
  wiring.subscribe((event, payload) => events.push({ event, payload }));
  /**
   * Calls a channel as `client`. With a contract channel and a payload of its input type the
   * result is typed from the contract; any string and payload is accepted too, for the tests
   * that send what a hostile client would.
   */
  function call<C extends ChannelName>(client: string, channel: C, payload: InputOf<C>): Promise<Result<OutputOf<C>>>;
  function call(client: string, channel: string, payload: unknown): Promise<Result<unknown>>;
  function call(client: string, channel: string, payload: unknown) {
    return dispatch(wiring.services, handlers, client, channel, payload);
  }
  return {
    dir,
    file,
    sqlite,
    services: wiring.services,
    events,
    /** Every SQL statement handlers ran through Kysely, for EXPLAIN QUERY PLAN checks. */
    queries,
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
    /** Creates an operator and signs them in as `client`; returns the operator id. */
    async signInAs(client: string, role: Role, username = `${role}-${client}`, password = 'pass1234') {
      const hash = await hashPassword(password);
      const id = Number(
        sqlite
          .prepare(
            'INSERT INTO operators (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(username, username, role, hash, new Date().toISOString()).lastInsertRowid,
      );
      const res = await call(client, 'session:signIn', { username, password });
      if (!res.ok) throw new Error(`sign-in failed: ${res.error.code}`);
      return id;
    },
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

/** The data of a successful call; a failed one throws with its error, so a test cannot read past it. */
export async function data<T>(p: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data as T;
}
