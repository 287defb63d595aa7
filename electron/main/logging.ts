import { app } from 'electron';
import log from 'electron-log/main';
import path from 'node:path';

export type Log = Pick<typeof log, 'info' | 'warn' | 'error'>;

/** Past this size main.log is moved to main.old.log and a new one begun: one generation kept. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

/**
 * electron-log into the OS logs folder (app.getPath('logs'): ~/Library/Logs/<app> on macOS,
 * <userData>/logs elsewhere), rotated at LOG_MAX_BYTES. Main's console (so the shared boot
 * code's lines and worker failures main reports) and the renderer's console go there too.
 */
export function setupLogging(): typeof log {
  log.transports.file.resolvePathFn = (vars) => path.join(app.getPath('logs'), vars.fileName ?? 'main.log');
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.initialize({ preload: false, spyRendererConsole: true });
  Object.assign(console, log.functions);
  return log;
}

export function logsFolder(): string {
  return app.getPath('logs');
}

export function logFile(): string {
  return log.transports.file.getFile().path;
}
