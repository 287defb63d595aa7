import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { CHANNEL_NAMES, type Result } from '../../shared/contract';
import type { Services } from '../api/core/context';
import { dispatch, type Handlers } from '../api/core/dispatch';
import { isAppUrl } from './security';

/** Only our own top frame, showing exactly the app's page, may call main. */
export function isTrustedSender(frame: WebFrameMain | null, appUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, appUrl);
}

/** One ipcMain handler per contract channel, each going through the shared dispatch. */
export function registerIpc(services: Services, handlers: Handlers, appUrl: string): string[] {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(name, (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event.senderFrame, appUrl)) {
        return Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted sender' } });
      }
      return dispatch(services, handlers, `electron:${event.sender.id}`, name, payload);
    });
  }
  return [...CHANNEL_NAMES];
}
