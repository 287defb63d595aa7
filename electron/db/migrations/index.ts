import type Database from 'better-sqlite3';
import { init } from './0010-init';
import { fees } from './0040-fees';

export interface Migration {
  /** Steps of 10, so a fix can slot in between without renumbering. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Every migration in order. Never edit one that has shipped; add the next. */
export const MIGRATIONS: Migration[] = [init, fees];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
