import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { CHANNEL_NAMES, type Result } from '../../shared/contract';
import type { Services } from '../api/core/context';
import { dispatch, type Handlers } from '../api/core/dispatch';

/** Only our own top frame, loaded from our own origin, may call main. */
export function isTrustedSender(frame: WebFrameMain | null, devServerUrl: string | null): boolean {
  if (!frame || frame.parent !== null) return false;
  const url = frame.url;
  if (devServerUrl) return url.startsWith(new URL(devServerUrl).origin + '/');
  return url.startsWith('file://');
}

/** One ipcMain handler per contract channel, each going through the shared dispatch. */
export function registerIpc(services: Services, handlers: Handlers, devServerUrl: string | null): string[] {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(name, (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event.senderFrame, devServerUrl)) {
        return Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted sender' } });
      }
      return dispatch(services, handlers, `electron:${event.sender.id}`, name, payload);
    });
  }
  return [...CHANNEL_NAMES];
}
