import type Database from 'better-sqlite3';
import type { Result } from '../../shared/contract';

export interface BenchContext {
  sqlite: Database.Database;
  /** Calls a channel through the real dispatch, signed in as the given demo role. */
  call(role: 'agent' | 'supervisor' | 'admin', channel: string, input: unknown): Promise<Result<unknown>>;
}

export interface BenchCase {
  /** Shown in the table, e.g. "transactions:list by amount desc, page 1". */
  name: string;
  /** The operation through the handler and dispatch. Must fail loudly on an error envelope. */
  run(ctx: BenchContext): Promise<unknown>;
  /** The raw-SQL floor for the same result, or null when there is none. */
  floor: ((ctx: BenchContext) => unknown) | null;
  iterations?: number;
  /** Runs once before timing (e.g. to find a cursor deep in the table). */
  setup?(ctx: BenchContext): void | Promise<void>;
  /** Runs before every timed iteration, untimed (e.g. to put back what a write changed). */
  beforeEach?(ctx: BenchContext): void;
}

/** Throws on an error envelope so a broken case cannot report a fast time. */
export function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
