import type Database from 'better-sqlite3';
import type { EventName, Events } from '../../../shared/contract';
import { createKysely } from '../../db/kysely';
import type { Host, Services, Session } from './context';

export type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Wires the long-lived services around an open database for one host. */
export function createServices(
  sqlite: Database.Database,
  host: Host,
  now: () => Date = () => new Date(),
  onQuery?: (sql: string, params: readonly unknown[]) => void,
) {
  const listeners = new Set<Listener>();
  const services: Services = {
    db: createKysely(sqlite, onQuery),
    sqlite,
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
