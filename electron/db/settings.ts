import type Database from 'better-sqlite3';
import type { Settings } from '../../shared/contract/app';
import { DEFAULT_CALL_SETTINGS } from '../../shared/domain/contact-kpis';
import type { Kysely } from 'kysely';
import type { Engine } from './engine';
import type { DB } from './schema';

const DEFAULTS = (): Settings => ({
  // One business time zone decides every day boundary; by default the computer's.
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  idleLockMinutes: 15,
  calls: { ...DEFAULT_CALL_SETTINGS },
});

const cache = new WeakMap<Database.Database, Settings>();

function fromRows(rows: { key: string; value: string }[]): Settings {
  const settings = DEFAULTS() as unknown as Record<string, unknown>;
  for (const { key, value } of rows) settings[key.slice('console.'.length)] = JSON.parse(value);
  return settings as unknown as Settings;
}

/**
 * The console's settings, read often and synchronously (every call checks the idle lock). On
 * SQLite they are read from the connection on a miss; on PostgreSQL they are kept loaded
 * (loadSettings at boot, again whenever any desktop changes them).
 */
export function readSettings(source: Engine | Database.Database): Settings {
  if ('kind' in source) {
    if (source.sqlite) return readSettings(source.sqlite);
    if (!source.settings) throw new Error('Settings are not loaded yet (loadSettings)');
    return source.settings;
  }
  const hit = cache.get(source);
  if (hit) return hit;
  const rows = source.prepare("SELECT key, value FROM settings WHERE key LIKE 'console.%'").all() as {
    key: string;
    value: string;
  }[];
  const settings = fromRows(rows);
  cache.set(source, settings);
  return settings;
}

/** (Re)reads the settings through Kysely, on either engine: after a change here or on another desktop. */
export async function loadSettings(engine: Engine): Promise<Settings> {
  if (engine.sqlite) {
    cache.delete(engine.sqlite);
    return readSettings(engine.sqlite);
  }
  engine.settings = await readSettingsIn(engine.db);
  return engine.settings;
}

/** The settings as stored now, through Kysely (a worker's own connection, or inside a transaction). */
export async function readSettingsIn(db: Kysely<DB>): Promise<Settings> {
  return fromRows(await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'console.%').execute());
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
