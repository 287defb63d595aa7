import fs from 'node:fs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  maximized: boolean;
  displayId?: number;
}

export interface DisplayArea {
  id: number;
  workArea: Rect;
}

/** Fits a 1366×768 laptop's work area (less the taskbar or dock) with room to spare. */
export const DEFAULT_SIZE = { width: 1280, height: 720 };
export const MIN_SIZE = { width: 1024, height: 600 };

/** The saved state, or null when there is none or it is unreadable (a first start). */
export function readWindowState(file: string): WindowState | null {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<WindowState>;
    const nums = [s.x, s.y, s.width, s.height].every((n) => typeof n === 'number' && Number.isFinite(n));
    return nums
      ? { x: s.x!, y: s.y!, width: s.width!, height: s.height!, maximized: !!s.maximized, displayId: s.displayId }
      : null;
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  fs.writeFileSync(file, JSON.stringify(state));
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where the window opens: the saved bounds when a display still shows enough of them (a monitor
 * may have been unplugged), shrunk to that display's work area; else the default size, centred
 * on the primary display (the first), never larger than its work area.
 */
export function initialBounds(saved: WindowState | null, displays: DisplayArea[]): WindowState {
  const primary = displays[0]?.workArea ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (saved) {
    const display =
      displays.find((d) => d.id === saved.displayId && overlap(saved, d.workArea) > 0) ??
      [...displays].sort((a, b) => overlap(saved, b.workArea) - overlap(saved, a.workArea))[0];
    const area = display?.workArea;
    // At least a title bar's worth (100×50 px) must be visible to grab the window.
    if (area && overlap(saved, area) >= 100 * 50) {
      const width = Math.max(MIN_SIZE.width, Math.min(saved.width, area.width));
      const height = Math.max(MIN_SIZE.height, Math.min(saved.height, area.height));
      const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - Math.min(width, area.width));
      const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - Math.min(height, area.height));
      return { x, y, width, height, maximized: saved.maximized, displayId: display.id };
    }
  }
  const width = Math.min(DEFAULT_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_SIZE.height, primary.height);
  return {
    x: primary.x + Math.round((primary.width - width) / 2),
    y: primary.y + Math.round((primary.height - height) / 2),
    width,
    height,
    maximized: false,
    displayId: displays[0]?.id,
  };
}
