import type Database from 'better-sqlite3';
import { CHANNELS, OPERATIONS, type Operation } from '../../shared/domain/catalog';
import { ACCOUNT_OP_CH, FEE_SCAN_ORDER, OP_CH_BITS, REPRICED, SETTLED } from '../db/fee-scan';

/**
 * The window's rows on SQLite, each packed by the engine into one integer:
 *
 *   ((account × 32 + operation × channel) × 2 + settled) × 2^bits + amount
 *
 * read with `pluck()` as one flat array of numbers, from the values FEE_SCAN_INDEX holds (so
 * neither the table nor the strings are read). Four columns a row came back as an array a
 * row: at the huge scale, 441k rows of a week took 0.83–1.2 s that way and 0.51–0.58 s packed,
 * of which SQLite's own walk of the index is 0.2 s; the rest was the row arrays and their
 * garbage. `bits` is what is left of a double's 53 exact bits once the largest account id is
 * held. An amount that does not fit is sent as the largest value that does (`cap`), and read
 * from a second statement over the same range and in the same order, holding only those rows.
 */
export interface PackedWindow {
  /** The statement each range is read with (its plan is tested). */
  readonly text: string;
  /** Every row of [from, to), in the index's order. */
  rows(from: string, to: string): number[];
  /** Hands one of those rows, in their order, to `add` unpacked. */
  feed(packed: number, add: RowSink): void;
}

export type RowSink = (accountId: number, opCh: number, amount: number, settled: number) => void;

const EXACT_BITS = 53;
/** Account, operation × channel and settled as one integer, from the index's expressions. */
const HEAD = `${ACCOUNT_OP_CH} * 2 + ${SETTLED}`;

/**
 * The month-to-date pre-count's rows: the settled ones of the quota operations, on any channel.
 * Written on the index's own expressions (the head's last six bits are op×ch × 2 + settled), so
 * it is decided from the index alone: the columns themselves would be read from the table.
 */
export function settledOf(operations: readonly string[]): string {
  const heads = operations.flatMap((op) =>
    CHANNELS.map((_, ch) => (OPERATIONS.indexOf(op as Operation) * CHANNELS.length + ch) * 2 + 1),
  );
  return `(${HEAD}) % ${2 ** (OP_CH_BITS + 1)} IN (${heads.join(', ')})`;
}

/**
 * Reads FEE_SCAN_INDEX (fee-scan.ts) over each [from, to), in its order. `filter` narrows the
 * repriced rows (settledOf, for the month-to-date usage counted before a slice): SQL written
 * from catalogue constants, never input.
 */
export function packedWindow(sqlite: Database.Database, maxAccount: number, filter?: string): PackedWindow {
  const accountBits = Math.max(1, Math.ceil(Math.log2(maxAccount + 1)));
  const bits = EXACT_BITS - accountBits - OP_CH_BITS - 1;
  // The head (account, operation × channel, settled) is unpacked with 32-bit integer operations.
  if (bits < 20 || accountBits + OP_CH_BITS + 1 > 32)
    throw new Error(`too many accounts to pack a simulation row (${maxAccount})`);
  const scale = 2 ** bits;
  const cap = scale - 1;
  const where = `FROM transactions WHERE created_at >= ? AND created_at < ? AND ${REPRICED}${filter ? ` AND ${filter}` : ''}`;
  // The constants are computed here, never input: written into the text so the engine
  // multiplies integers (a bound JS number is a double to SQLite).
  const text = `SELECT (${HEAD}) * ${scale} + min(amount_minor, ${cap}) ${where} ORDER BY ${FEE_SCAN_ORDER}`;
  const rows = sqlite.prepare(text).pluck();
  const large = sqlite
    .prepare(`SELECT amount_minor ${where} AND amount_minor >= ${cap} ORDER BY ${FEE_SCAN_ORDER}`)
    .pluck();
  let range: [string, string] = ['', ''];
  let big: number[] | null = null;
  let next = 0;
  return {
    text,
    rows(from, to) {
      range = [from, to];
      big = null;
      next = 0;
      return rows.all(from, to) as number[];
    },
    feed(packed, add) {
      // Dividing by a power of two is exact in a double, and what is above the amount fits
      // in 32 bits: so no floating-point remainder (a library call a row) is needed.
      const head = Math.floor(packed / scale);
      let amount = packed - head * scale;
      if (amount === cap) {
        big ??= large.all(range[0], range[1]) as number[];
        amount = big[next++];
      }
      add(head >>> (OP_CH_BITS + 1), (head >>> 1) & (2 ** OP_CH_BITS - 1), amount, head & 1);
    },
  };
}
