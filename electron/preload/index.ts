import { contextBridge, ipcRenderer } from 'electron';

// The contract's channel and event names, baked in at build time (electron.vite.config.ts), so
// the preload carries no schema code: main validates every input anyway.
declare const __CHANNELS__: [name: string, domain: string, verb: string][];
declare const __EVENT_NAMES__: string[];

/**
 * Exposes exactly the contract: `window.api.<domain>.<verb>(input)` for every
 * channel, and `window.apiEvents.on(event, listener)` for the typed events.
 * Raw ipcRenderer never reaches the page.
 */
const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
for (const [name, domain, verb] of __CHANNELS__) {
  (api[domain] ??= {})[verb] = (input: unknown) => ipcRenderer.invoke(name, input ?? {});
}

contextBridge.exposeInMainWorld('api', api);
contextBridge.exposeInMainWorld('apiEvents', {
  on(event: string, listener: (payload: unknown) => void) {
    if (!__EVENT_NAMES__.includes(event)) throw new Error(`Unknown event ${event}`);
    const wrapped = (_e: unknown, name: string, payload: unknown) => name === event && listener(payload);
    ipcRenderer.on('event', wrapped);
    return () => ipcRenderer.removeListener('event', wrapped);
  },
});
