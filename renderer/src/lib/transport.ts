import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  splitChannel,
  type ApiClient,
  type ApiEvents,
  type EventName,
  type Result,
} from '../../../shared/contract';

export type HostKind = 'electron' | 'browser';

export interface Transport {
  host: HostKind;
  api: ApiClient;
  events: ApiEvents;
}

declare global {
  interface Window {
    api?: ApiClient;
    apiEvents?: ApiEvents;
  }
}

/**
 * Picks the transport once at startup: the preload's bridge under Electron, else
 * HTTP to the browser-mode host. Nothing else in the renderer knows which it is.
 */
export function createTransport(): Transport {
  if (window.api && window.apiEvents) return { host: 'electron', api: window.api, events: window.apiEvents };
  return createBrowserTransport();
}

function browserToken(): string {
  const fromHash = /(?:^#|&)token=([0-9a-f]+)/.exec(location.hash)?.[1];
  if (fromHash) {
    sessionStorage.setItem('wallet-ops-token', fromHash);
    history.replaceState(null, '', location.pathname + location.search + '#/');
    return fromHash;
  }
  return sessionStorage.getItem('wallet-ops-token') ?? '';
}

function browserClientId(): string {
  // Per tab, kept across reloads like an Electron window's session.
  let id = sessionStorage.getItem('wallet-ops-client');
  if (!id) sessionStorage.setItem('wallet-ops-client', (id = crypto.randomUUID()));
  return id;
}

function createBrowserTransport(): Transport {
  const token = browserToken();
  const client = browserClientId();
  const headers = { 'content-type': 'application/json', 'x-token': token, 'x-client': client };
  const call = async (channel: string, input: unknown): Promise<Result<unknown>> => {
    try {
      const res = await fetch(`/rpc/${channel}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      // The host answers refusals (4xx) with the same error envelope as dispatch.
      const body = (await res.json().catch(() => null)) as Result<unknown> | null;
      if (body && typeof body === 'object' && 'ok' in body) return body;
      return { ok: false, error: { code: 'BAD_REQUEST', message: `HTTP ${res.status}` } };
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'The console host is not reachable' } };
    }
  };
  const api: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of CHANNEL_NAMES) {
    const [domain, verb] = splitChannel(name);
    (api[domain] ??= {})[verb] = (input) => call(name, input);
  }
  return { host: 'browser', api: api as unknown as ApiClient, events: createEventStream(headers) };
}

/** SSE over fetch (not EventSource) so the token travels in a header, not the URL. */
function createEventStream(headers: Record<string, string>): ApiEvents {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let started = false;
  const start = async () => {
    for (;;) {
      try {
        const res = await fetch('/events', { headers });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.+)$/m.exec(block)?.[1] as EventName | undefined;
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (event && data && EVENT_NAMES.includes(event)) listeners.get(event)?.forEach((l) => l(JSON.parse(data)));
          }
        }
      } catch {
        /* host restarting or gone: retry below */
      }
      await new Promise((r) => setTimeout(r, 3000));
    }
  };
  return {
    on(event, listener) {
      if (!started) {
        started = true;
        void start();
      }
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set!.delete(listener as (payload: unknown) => void);
    },
  };
}
