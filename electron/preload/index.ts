import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, splitChannel, type EventName } from '../../shared/contract';

/**
 * Exposes exactly the contract: `window.api.<domain>.<verb>(input)` for every
 * channel, and `window.apiEvents.on(event, listener)` for the typed events.
 * Raw ipcRenderer never reaches the page.
 */
const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
for (const name of CHANNEL_NAMES) {
  const [domain, verb] = splitChannel(name);
  (api[domain] ??= {})[verb] = (input: unknown) => ipcRenderer.invoke(name, input ?? {});
}

contextBridge.exposeInMainWorld('api', api);
contextBridge.exposeInMainWorld('apiEvents', {
  on(event: EventName, listener: (payload: unknown) => void) {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${event}`);
    const wrapped = (_e: unknown, name: string, payload: unknown) => name === event && listener(payload);
    ipcRenderer.on('event', wrapped);
    return () => ipcRenderer.removeListener('event', wrapped);
  },
});
