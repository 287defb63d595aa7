import pg from 'pg';
import { retryDelayMs } from '../../../shared/domain/retry';

export interface ListenerHooks {
  onMessage: (payload: string) => void;
  /** The connection came back after a loss: whatever was announced meanwhile was missed. */
  onReconnect?: () => void;
}

/**
 * LISTEN on its own connection, outside the pool, for as long as the host runs. A server restart
 * or a network cut ends that connection; it is opened again with backoff (retryDelayMs), so a desk
 * keeps hearing the others after the database comes back, and says it reconnected.
 */
export async function keepListening(
  newClient: () => pg.Client,
  channel: string,
  hooks: ListenerHooks,
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;

  const open = async () => {
    const client = newClient();
    // Until it is connected a failure rejects connect() and the caller retries; afterwards a loss
    // (error or end, whichever comes first) schedules one reconnect.
    let live = false;
    const onLost = () => {
      if (!live || stopped) return;
      live = false;
      current = null;
      void client.end().catch(() => {});
      schedule(0);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (n) => {
      if (n.channel === channel && n.payload) hooks.onMessage(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      void client.end().catch(() => {});
      throw err;
    }
    live = true;
    current = client;
  };

  const schedule = (attempt: number) => {
    timer = setTimeout(() => {
      timer = null;
      if (stopped) return;
      open().then(
        () => hooks.onReconnect?.(),
        () => schedule(attempt + 1),
      );
    }, retryDelayMs(attempt));
    timer.unref?.();
  };

  await open(); // the first connection must work: the host has just reached the database
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await current?.end().catch(() => {});
  };
}
