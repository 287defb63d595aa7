/**
 * Rows per statement for `IN (…)` lists and multi-row inserts: 500 keeps even a 12-column
 * insert (the audit chain's) well under SQLite's bound-parameter limit.
 */
const CHUNK = 500;

/** The list in consecutive slices of at most CHUNK, for one statement each. */
export function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}
