import type { EngineKind } from '../../electron/db/engine';
import type { Result } from '../../shared/contract';
import type { RawSql } from './raw-sql';

export interface BenchContext {
  /** The engine under test, and raw SQL on a connection of its own (floors and set-ups). */
  sql: RawSql;
  /** The business time zone the app's settings hold. */
  timeZone: string;
  /** Calls a channel through the real dispatch, signed in as the given demo role. */
  call(role: 'agent' | 'supervisor' | 'admin', channel: string, input: unknown): Promise<Result<unknown>>;
}

export interface BenchCase {
  /** Shown in the table, e.g. "transactions:list by amount desc, page 1". */
  name: string;
  /** The operation through the handler and dispatch. Must fail loudly on an error envelope. */
  run(ctx: BenchContext): Promise<unknown>;
  /** The raw-SQL floor for the same result, or null when there is none. */
  floor: ((ctx: BenchContext) => Promise<unknown>) | null;
  iterations?: number;
  /** The engines the case means something on (default both), with why in the case when not. */
  engines?: EngineKind[];
  /** Runs once before timing (e.g. to find a cursor deep in the table). */
  setup?(ctx: BenchContext): Promise<void>;
  /** Runs before every timed iteration, untimed (e.g. to put back what a write changed). */
  beforeEach?(ctx: BenchContext): Promise<void>;
}

/** Throws on an error envelope so a broken case cannot report a fast time. */
export function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
