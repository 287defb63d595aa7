import type { Cursor, Page } from './define';
import { MAX_SKIP } from './define';

export type Dir = 'asc' | 'desc';

/** What one read asks the handler for: the grid's own paging input, minus sort and filter. */
export interface BlockRead {
  dir: Dir;
  limit: number;
  after: Cursor | null;
  skip: number;
  withTotal: boolean;
}

/**
 * Reads any block of rows of a keyset-paged channel, however deep, in bounded steps.
 *
 * A grid scrolled to its end asks for row 999,800 of a million. OFFSET that far is slow and
 * the contract refuses it (skip ≤ MAX_SKIP). So a block is read from whichever known cursor is
 * nearest: a forward one at or before its start, or, once the total is known, a backward one
 * counted from the end (the same query in the other direction, its rows turned round). Where
 * even the nearest is more than MAX_SKIP away, it hops there one MAX_SKIP at a time, keeping
 * each hop's cursor, so the next jump nearby is one step.
 *
 * Cursors are kept per direction: a position means nothing in another order (CURSOR_MISMATCH).
 */
export class BlockReader<R> {
  private readonly forward = new Map<number, Cursor | null>([[0, null]]);
  private readonly backward = new Map<number, Cursor | null>([[0, null]]);
  total: number | null = null;

  constructor(
    private readonly dir: Dir,
    private readonly fetch: (read: BlockRead) => Promise<Page<R>>,
    private readonly maxSkip = MAX_SKIP,
  ) {}

  /** Rows [start, end) in the grid's order, and the last row's index when the end is known (else -1). */
  async read(start: number, end: number): Promise<{ rows: R[]; lastRow: number }> {
    const total = this.total;
    const stop = total === null ? end : Math.min(end, total);
    const fromEnd = total === null ? Infinity : total - stop;
    const ahead = start - nearest(this.forward, start);
    const behind = fromEnd - nearest(this.backward, fromEnd);
    if (total !== null && behind < ahead) {
      const rows = stop > start ? await this.walk(this.backward, flip(this.dir), fromEnd, stop - start) : [];
      return { rows: rows.reverse(), lastRow: total };
    }
    const rows = await this.walk(this.forward, this.dir, start, end - start);
    const page = this.lastPage;
    const lastRow = page && page.next === null ? start + rows.length : (this.total ?? -1);
    return { rows, lastRow };
  }

  private lastPage: Page<R> | null = null;

  /** `limit` rows from `position` in direction `dir`, hopping to within MAX_SKIP first. */
  private async walk(cursors: Map<number, Cursor | null>, dir: Dir, position: number, limit: number): Promise<R[]> {
    let from = nearest(cursors, position);
    while (position - from > this.maxSkip) {
      const hop = await this.page(dir, cursors.get(from) ?? null, this.maxSkip - 1, 1);
      if (!hop.next) return []; // Fewer rows than the position: nothing there.
      from += this.maxSkip;
      cursors.set(from, hop.next);
    }
    const page = await this.page(dir, cursors.get(from) ?? null, position - from, limit);
    if (page.next) cursors.set(position + limit, page.next);
    this.lastPage = page;
    return page.rows;
  }

  private async page(dir: Dir, after: Cursor | null, skip: number, limit: number): Promise<Page<R>> {
    const page = await this.fetch({ dir, after, skip, limit, withTotal: this.total === null });
    if (page.total !== null) this.total = page.total;
    return page;
  }
}

function flip(dir: Dir): Dir {
  return dir === 'asc' ? 'desc' : 'asc';
}

/** The nearest position at or before `position` that a cursor is held for (0 always is). */
function nearest(cursors: Map<number, Cursor | null>, position: number): number {
  let best = 0;
  for (const start of cursors.keys()) if (start <= position && start > best) best = start;
  return best;
}
