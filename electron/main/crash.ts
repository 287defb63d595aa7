import { app, BrowserWindow, dialog } from 'electron';
import log from 'electron-log/main';
import type { Log } from './logging';
import type { Strings } from './strings';

/**
 * Every way the app can fail after start: a renderer that dies, a helper process that dies, an
 * uncaught exception or rejection in main. Each is logged; the user is told what to do.
 */
export function installCrashHandlers(opts: { log: Log; strings: Strings; logFile: () => string }): void {
  const { log: out, strings: s } = opts;
  app.on('render-process-gone', (_event, contents, details) => {
    out.error('Renderer gone', details);
    if (details.reason === 'clean-exit') return;
    const buttons = [s.reload, s.quit];
    const win = BrowserWindow.fromWebContents(contents);
    const box = {
      type: 'error' as const,
      title: s.rendererGoneTitle,
      message: s.rendererGoneTitle,
      detail: `${s.rendererGone}\n${opts.logFile()}\n(${details.reason})`,
      buttons,
      defaultId: 0,
    };
    void (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box)).then(({ response }) => {
      if (response === 0 && !contents.isDestroyed()) contents.reload();
      else app.quit();
    });
  });
  app.on('child-process-gone', (_event, details) => {
    out.error('Child process gone', details);
    if (details.reason === 'clean-exit' || details.reason === 'killed') return;
    void dialog.showMessageBox({
      type: 'warning',
      title: s.errorTitle,
      message: s.errorTitle,
      detail: `${s.processGone}\n${opts.logFile()}\n(${details.type}: ${details.reason})`,
      buttons: [s.ok],
    });
  });
  let shown = false;
  log.errorHandler.startCatching({
    showDialog: false,
    onError: ({ error, errorName }) => {
      out.error(errorName, error);
      // One dialog, not one per error: a loop of rejections must not bury the screen.
      if (shown) return;
      shown = true;
      void dialog
        .showMessageBox({
          type: 'error',
          title: s.errorTitle,
          message: s.errorTitle,
          detail: `${s.error}\n${opts.logFile()}`,
          buttons: [s.ok],
        })
        .then(() => (shown = false));
    },
  });
}

/**
 * A start that failed: log it, say so in a dialog (there is no window to show it in), and quit
 * with the single-instance lock released, so the next start is not turned away.
 */
export function failStartup(err: unknown, opts: { log: Log; strings: Strings; logFile: () => string }): void {
  opts.log.error('Start-up failed', err);
  const message = err instanceof Error ? err.message : String(err);
  dialog.showErrorBox(opts.strings.startFailedTitle, `${opts.strings.startFailed}\n${opts.logFile()}\n\n${message}`);
  app.releaseSingleInstanceLock();
  app.exit(1);
}
