import { z } from 'zod';
import type { Permission } from '../domain/roles';

/**
 * One IPC channel: its strict input schema, its output type (phantom), the
 * permission dispatch checks before the handler runs, and whether it writes.
 * `permission: null` marks the few channels used before sign-in.
 */
export interface ChannelDef<
  I extends z.ZodType = z.ZodType,
  O = unknown,
  P extends Permission | null = Permission | null,
> {
  input: I;
  /** Kept as a literal type, so a handler of a channel that needs sign-in is typed with a session. */
  permission: P;
  writes: boolean;
  /** Never read at run time; carries the output type. */
  readonly _output?: O;
}

export function channel<O>() {
  return <I extends z.ZodType, P extends Permission | null>(def: { input: I; permission: P; writes?: boolean }) =>
    ({ input: def.input, permission: def.permission, writes: def.writes ?? false }) as ChannelDef<I, O, P>;
}

// Bounded building blocks: every string and array crossing IPC has a limit.
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const shortText = z.string().trim().min(1).max(200);
export const note = z.string().max(2000);
export const isoTime = z.iso.datetime({ offset: true });
export const idList = z.array(id).min(1).max(1000);
export const version = z.number().int().nonnegative();

/** A keyset cursor: the sort value and the id of the last row already shown. */
export const cursor = z.strictObject({
  value: z.union([z.string().max(200), z.number(), z.null()]),
  id: id,
});
export type Cursor = z.infer<typeof cursor>;

/** Paging input shared by every grid: keyset after a cursor, or a bounded skip. */
export function pageInput<S extends [string, ...string[]], F extends z.ZodRawShape>(sorts: S, filters: F) {
  return z.strictObject({
    sort: z.enum(sorts),
    dir: z.enum(['asc', 'desc']),
    limit: z.number().int().min(1).max(500),
    after: cursor.nullable(),
    // Rows to skip after the cursor: only when the grid jumps past unseen blocks.
    skip: z.number().int().min(0).max(100_000).default(0),
    withTotal: z.boolean().default(false),
    filter: z.strictObject(filters).default({} as never),
  });
}

export interface Page<T> {
  rows: T[];
  /** Cursor after the last row, null at the end. */
  next: Cursor | null;
  /** Count of all matching rows; only when asked for (withTotal). */
  total: number | null;
}
