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
/** The longest note any channel takes; a longer one is refused, never cut (renderer: NoteField). */
export const NOTE_MAX_LENGTH = 2000;
export const note = z.string().max(NOTE_MAX_LENGTH);
/**
 * An instant with its offset, normalised to UTC ISO text ('…+08:00' → '…Z') at the contract,
 * so handlers and the database only ever see one form, which sorts and compares as time.
 */
export const isoTime = z.iso
  .datetime({ offset: true })
  // An offset can push year 0000 or 9999 out of four digits, which no UTC column accepts.
  // An impossible date (30 February) parses to NaN and is refused here too, not thrown.
  .refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-/.test(new Date(s).toISOString()), {
    message: 'not a real instant, or outside the years 0000–9999 in UTC',
  })
  .transform((s) => new Date(s).toISOString());
export const idList = z.array(id).min(1).max(1000);
export const version = z.number().int().nonnegative();

/**
 * A keyset cursor: the sort value and the id of the last row already shown, and `key`,
 * which names the sort, direction and filter the page was read under. A handler refuses a
 * cursor made under any other (CURSOR_MISMATCH): its position means nothing in another order.
 */
export const cursor = z.strictObject({
  key: z.string().max(64),
  value: z.union([z.string().max(200), z.number(), z.null()]),
  id: id,
});
export type Cursor = z.infer<typeof cursor>;

/** The furthest a read may skip past its cursor: deeper jumps hop (contract/block-reader.ts). */
export const MAX_SKIP = 100_000;

/** Paging input shared by every grid: keyset after a cursor, or a bounded skip. */
export function pageInput<S extends [string, ...string[]], F extends z.ZodRawShape>(sorts: S, filters: F) {
  return z.strictObject({
    sort: z.enum(sorts),
    dir: z.enum(['asc', 'desc']),
    limit: z.number().int().min(1).max(500),
    after: cursor.nullable(),
    // Rows to skip after the cursor: only when the grid jumps past unseen blocks.
    skip: z.number().int().min(0).max(MAX_SKIP).default(0),
    withTotal: z.boolean().default(false),
    // prefault, not default: the empty filter is parsed too, so its own defaults apply.
    filter: z.strictObject(filters).prefault({} as never),
  });
}

export interface Page<T> {
  rows: T[];
  /** Cursor after the last row, null at the end. */
  next: Cursor | null;
  /** Count of all matching rows; only when asked for (withTotal). */
  total: number | null;
}
