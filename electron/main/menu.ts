import type { MenuItemConstructorOptions } from 'electron';
import type { Strings } from './strings';

export interface MenuActions {
  /** Sends a key press to the focused window, so a menu item runs the app's own shortcut. */
  shortcut(key: string, modifiers: ('control' | 'meta' | 'shift')[]): void;
  print(): void;
  savePdf(): void;
  lock(): void;
  openLogs(): void;
  about(): void;
}

/**
 * File, Edit, View, Window and Help. Items that mirror a shortcut the renderer already handles
 * (Ctrl/Cmd+K search) show its accelerator without registering it, and press it for the user,
 * so the key and the menu do the same thing. Reload and DevTools exist only in development.
 */
export function menuTemplate(opts: {
  strings: Strings;
  isMac: boolean;
  isDev: boolean;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { strings: s, isMac, isDev, actions } = opts;
  const mod = isMac ? 'meta' : 'control';
  const about: MenuItemConstructorOptions = { label: s.about, click: actions.about };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: s.file,
      submenu: [
        {
          label: s.search,
          accelerator: 'CmdOrCtrl+K',
          registerAccelerator: false,
          click: () => actions.shortcut('k', [mod]),
        },
        { type: 'separator' },
        { label: s.print, accelerator: 'CmdOrCtrl+P', click: actions.print },
        { label: s.savePdf, accelerator: 'CmdOrCtrl+Shift+S', click: actions.savePdf },
        { type: 'separator' },
        { label: s.lock, accelerator: 'CmdOrCtrl+Shift+L', click: actions.lock },
        ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, label: s.quit }]),
      ],
    },
    { label: s.edit, role: 'editMenu' },
    {
      label: s.view,
      submenu: [
        ...(isDev
          ? [
              { role: 'reload' as const },
              { role: 'forceReload' as const },
              { role: 'toggleDevTools' as const },
              { type: 'separator' as const },
            ]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: s.window, role: 'windowMenu' },
    {
      label: s.help,
      role: 'help',
      submenu: [
        { label: s.openLogs, click: actions.openLogs },
        ...(isMac ? [] : [{ type: 'separator' as const }, about]),
      ],
    },
  ];
}
