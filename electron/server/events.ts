import type http from 'node:http';
import { EVENT_NAMES } from '../../shared/contract';
import type { Listener } from '../api/core/services';
import { refuse, type Refusal } from './request-guards';

/** One tab needs one stream; a reload briefly overlaps the old one. */
export const MAX_STREAMS_PER_CLIENT = 4;
/** Every stream holds a socket and a listener: a ceiling for the whole host. */
export const MAX_STREAMS = 64;
const KEEP_ALIVE_MS = 25_000;

/** The server-sent event streams of the browser-mode host, capped per client and in all. */
export function createEventStreams(subscribe: (l: Listener) => () => void) {
  const perClient = new Map<string, number>();
  let total = 0;

  return {
    open(client: string, res: http.ServerResponse): Refusal | null {
      const mine = perClient.get(client) ?? 0;
      if (mine >= MAX_STREAMS_PER_CLIENT)
        return refuse(429, 'TOO_MANY_REQUESTS', 'Too many event streams for this tab');
      if (total >= MAX_STREAMS) return refuse(429, 'TOO_MANY_REQUESTS', 'Too many event streams');
      perClient.set(client, mine + 1);
      total++;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const unsubscribe = subscribe((event, payload) => {
        if (EVENT_NAMES.includes(event)) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const keepAlive = setInterval(() => res.write(': ping\n\n'), KEEP_ALIVE_MS);
      res.on('close', () => {
        clearInterval(keepAlive);
        unsubscribe();
        total--;
        const left = (perClient.get(client) ?? 1) - 1;
        if (left > 0) perClient.set(client, left);
        else perClient.delete(client);
      });
      return null;
    },
  };
}
