import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { ChannelName, EventName, Events } from '../../../shared/contract';
import type { Role } from '../../../shared/domain/roles';
import type { DB } from '../../db/schema';
import type { Engine } from '../../db/engine';

export type Host = 'electron' | 'browser';

export interface Session {
  operatorId: number;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  locked: boolean;
  lastActiveAt: number;
}

/** Long-lived services shared by every call; one per running app. */
export interface Services {
  db: Kysely<DB>;
  /** The engine under `db` (SQLite file or PostgreSQL server), for the few places that differ. */
  engine: Engine;
  /** The raw SQLite connection, for pragmas, seeding and benchmarks (null in team mode); handlers use `db`. */
  sqlite: Database.Database | null;
  host: Host;
  now: () => Date;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  sessions: Map<string, Session>;
}

/** What a handler sees: the services plus who is calling. */
export interface HandlerContext extends Services {
  /** Identifies the calling window (Electron webContents id, or the browser tab's client id). */
  clientKey: string;
  session: Session | null;
  /** The call being served: its channel and its parsed input (idempotency keys are bound to both). */
  request: { channel: ChannelName; input: unknown };
}

/**
 * The context of every channel that needs sign-in: dispatch has already checked the
 * session (signed in, unlocked, permitted), so handlers read it without a null check.
 */
export interface AuthedContext extends HandlerContext {
  session: Session;
}

export type { Trx } from '../../db/kysely';
