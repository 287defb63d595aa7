import type { EventName, Events } from '../../../shared/contract';
import type Database from 'better-sqlite3';
import type { Engine } from '../../db/engine';
import { sqliteEngine } from '../../db/sqlite-engine';
import type { Host, Services, Session } from './context';

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
  return {
    services,
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
