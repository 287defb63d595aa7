import type Database from 'better-sqlite3';
import type { Settings } from '../../shared/contract/app';
import { DEFAULT_CALL_SETTINGS } from '../../shared/domain/contact-kpis';

const DEFAULTS = (): Settings => ({
  // One business time zone decides every day boundary; by default the computer's.
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  idleLockMinutes: 15,
  calls: { ...DEFAULT_CALL_SETTINGS },
});

const cache = new WeakMap<Database.Database, Settings>();

export function readSettings(sqlite: Database.Database): Settings {
  const hit = cache.get(sqlite);
  if (hit) return hit;
  const rows = sqlite.prepare("SELECT key, value FROM settings WHERE key LIKE 'console.%'").all() as {
    key: string;
    value: string;
  }[];
  const settings = DEFAULTS() as unknown as Record<string, unknown>;
  for (const { key, value } of rows) settings[key.slice('console.'.length)] = JSON.parse(value);
  cache.set(sqlite, settings as unknown as Settings);
  return settings as unknown as Settings;
}

export function forgetSettings(sqlite: Database.Database): void {
  cache.delete(sqlite);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
