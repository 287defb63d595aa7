import type { EventName, Events } from '../../../shared/contract';
import type Database from 'better-sqlite3';
import type { Engine } from '../../db/engine';
import { sqliteEngine } from '../../db/sqlite-engine';
import type { Host, Services, Session } from './context';

/** The long-lived services each engine serves: a call's context is a copy, this is the original. */
const owners = new WeakMap<Engine, Services>();

/** The live services behind a call's context (`ctx.engine`), for the rare call that replaces the engine. */
export function servicesOf(engine: Engine): Services | null {
  return owners.get(engine) ?? null;
}

/** Points every later call at another engine (a restored database): the next context is built from it. */
export function replaceEngine(services: Services, engine: Engine): void {
  services.engine = engine;
  services.db = engine.db;
  services.sqlite = engine.sqlite;
  owners.set(engine, services);
}

export type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

/**
 * Wires the long-lived services around an open engine for one host. `emit` tells this host's
 * windows; in team mode the host also forwards its events to the other desktops (see relay.ts).
 */
export function createServices(
  source: Engine | Database.Database,
  host: Host,
  now: () => Date = () => new Date(),
  onQuery?: (sql: string, params: readonly unknown[]) => void,
) {
  // A bare SQLite connection (tests, bench, workers) gets the embedded engine around it.
  const engine = 'kind' in source ? source : sqliteEngine(source, onQuery);
  const listeners = new Set<Listener>();
  const services: Services = {
    db: engine.db,
    engine,
    sqlite: engine.sqlite,
    host,
    now,
    sessions: new Map<string, Session>(),
    emit(event, payload) {
      for (const l of listeners) l(event, payload);
    },
  };
  owners.set(engine, services);
  return {
    services,
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
