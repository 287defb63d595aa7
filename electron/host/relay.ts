import { randomUUID } from 'node:crypto';
import type { EventName, Events } from '../../shared/contract';
import type { Services } from '../api/core/context';
import type { PostgresEngine } from '../db/postgres/engine';
import { loadSettings } from '../db/settings';

interface Relayed {
  from: string;
  event: EventName;
  payload: Events[EventName];
}

/**
 * Team mode: every event this host emits is also NOTIFYed to the other desktops on the
 * database, and what they announce is emitted here, so an approval on one desktop updates the
 * other's queues and Overview through the same one invalidation path (renderer/src/app/events.ts).
 * A NOTIFY is delivered only after its transaction commits, and events are emitted after the
 * handler's commit, so a receiving desktop always reads the change it was told about.
 */
export async function relayEvents(services: Services, engine: PostgresEngine, log: (l: string) => void) {
  const me = randomUUID();
  const emitHere = services.emit.bind(services);
  services.emit = (event, payload) => {
    emitHere(event, payload);
    const message: Relayed = { from: me, event, payload };
    engine.notify(JSON.stringify(message)).catch((err) => log(`Could not tell the other desktops: ${String(err)}`));
  };
  const onMessage = (raw: string) => {
    let m: Relayed;
    try {
      m = JSON.parse(raw) as Relayed;
    } catch {
      return; // not ours
    }
    if (m.from === me || typeof m.event !== 'string') return;
    // Settings are kept loaded on PostgreSQL: another desktop changed them, so read them again first.
    const ready = m.event === 'settings:changed' ? loadSettings(engine).then(() => undefined) : Promise.resolve();
    ready.then(
      () => emitHere(m.event, m.payload),
      (err) => log(`Could not reload settings: ${String(err)}`),
    );
  };
  // Back after a loss: settings may have changed and events were missed, so every desk view reloads.
  const onReconnect = () => {
    log('Reconnected to the team database.');
    loadSettings(engine).then(
      () => emitHere('database:reconnected', {}),
      (err) => log(`Could not reload settings: ${String(err)}`),
    );
  };
  return engine.listen(onMessage, onReconnect);
}
