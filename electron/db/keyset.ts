import { sql, type SelectQueryBuilder } from 'kysely';
import type { Engine, EngineKind } from './engine';
import { AppError } from '../../shared/contract/errors';
import type { Cursor, Page } from '../../shared/contract/define';
import { fingerprint } from './fingerprint';

export interface SortKey {
  /** Fully qualified column the grid sorts on (NOT NULL, indexed with the id). */
  value: string;
  /** The row's unique id column: the tie-breaker that makes the order total. */
  id: string;
}

export interface PageRequest {
  /** The grid's sort name and filter, as the contract parsed them: they key the cursor. */
  sort: string;
  filter?: unknown;
  dir: 'asc' | 'desc';
  limit: number;
  after: Cursor | null;
  skip: number;
}

/**
 * A column the planner must not walk an index of: `+column` on SQLite, which disables the index
 * for that term (without statistics SQLite prefers a filter's index and then sorts every match).
 * PostgreSQL plans with statistics (gathered after a copy, then by autovacuum), and its `+` is
 * arithmetic only (no `+ text`, no `+ timestamptz`), so there the column stays plain.
 */
export function offIndex(column: string, kind: EngineKind) {
  return kind === 'sqlite' ? sql<unknown>`+${sql.ref(column)}` : sql.ref(column);
}

/** The page's sort and the engine it runs on: what a range filter must keep out of the way of. */
export interface SortedOn {
  key: SortKey;
  kind: EngineKind;
}

/**
 * A range filter's column as the WHERE clause should name it: plain when the grid sorts on it
 * (one index serves both), else off its index (offIndex), since that index cannot serve the sort.
 */
export function rangeColumn(column: string, sorted?: SortedOn) {
  // Not sorted: a count, where any index will do.
  return !sorted || column === sorted.key.value ? sql.ref(column) : offIndex(column, sorted.kind);
}

/**
 * One keyset page: rows strictly after the cursor in (sort value, id) order, so the
 * cost does not grow with depth as OFFSET does. `skip` is only used when the grid
 * jumps past blocks it never loaded, and is bounded by the contract.
 */
export async function keysetPage<DB, TB extends keyof DB, O extends { _sort: string | number; _id: number }>(
  query: SelectQueryBuilder<DB, TB, O>,
  key: SortKey,
  req: PageRequest,
): Promise<{ rows: O[]; next: Cursor | null }> {
  let q = query;
  if (req.after && req.after.key !== cursorKey(req)) {
    throw new AppError('CURSOR_MISMATCH', 'This cursor was made under another sort or filter; start from the top');
  }
  if (req.after) {
    const op = sql.raw(req.dir === 'asc' ? '>' : '<');
    q = q.where(sql<boolean>`(${sql.ref(key.value)}, ${sql.ref(key.id)}) ${op} (${req.after.value}, ${req.after.id})`);
  }
  q = q.orderBy(sql.ref(key.value), req.dir).orderBy(sql.ref(key.id), req.dir).limit(req.limit);
  if (req.skip > 0) q = q.offset(req.skip);
  const rows = await q.execute();
  return { rows, next: cursorAfter(rows, req) };
}

/** What a page's cursor is bound to: its sort, direction and filter. */
function cursorKey(req: PageRequest): string {
  return fingerprint({ sort: req.sort, dir: req.dir, filter: req.filter ?? null }, 24);
}

/** The cursor after a full page's last row (null when the page is the last), keyed to its request. */
export function cursorAfter(rows: { _sort: string | number; _id: number }[], req: PageRequest): Cursor | null {
  const last = rows[rows.length - 1];
  return rows.length === req.limit && last ? { key: cursorKey(req), value: last._sort, id: last._id } : null;
}

/** The `_sort` and `_id` columns keysetPage reads its cursor from. */
export function sortColumns(key: SortKey) {
  return [sql<string | number>`${sql.ref(key.value)}`.as('_sort'), sql<number>`${sql.ref(key.id)}`.as('_id')] as const;
}

const counts = new Map<string, { changes: string; total: number }>();

/**
 * count(*) for a grid's filter, cached until the database next changes.
 * `changes` is the engine's change mark (totalChanges), which names the database too.
 */
export async function cachedCount(cacheKey: string, changes: string, count: () => Promise<number>): Promise<number> {
  const hit = counts.get(cacheKey);
  if (hit && hit.changes === changes) return hit.total;
  const total = await count();
  if (counts.size > 200) counts.clear();
  counts.set(cacheKey, { changes, total });
  return total;
}

export function finishPage<R, O extends { _sort: unknown; _id: unknown }>(
  page: { rows: O[]; next: Cursor | null },
  map: (row: O) => R,
  total: number | null,
): Page<R> {
  return { rows: page.rows.map(map), next: page.next, total };
}

/** The database's change mark: a cached count is reused until it moves (Engine.changeMark). */
export function totalChanges(owner: { engine: Engine }): Promise<string> {
  return owner.engine.changeMark();
}

/**
 * The change mark of one append-only table (contacts, audit_events: their triggers refuse UPDATE
 * and DELETE; transactions, whose triggers refuse a delete or a move to another account, the
 * only changes a count of them could see). On SQLite its largest id moves exactly when its rows change, on any connection
 * (an import's worker too, which total_changes() on this one never sees), and a sign-in or an
 * approval elsewhere leaves it, so a 10M-row count survives them. On PostgreSQL a later commit
 * can carry a lower id, so the database-wide counter is kept there.
 */
export async function appendOnlyMark(
  owner: { engine: Engine },
  table: 'contacts' | 'audit_events' | 'transactions',
): Promise<string> {
  const sqlite = owner.engine.sqlite;
  if (!sqlite) return owner.engine.changeMark();
  const row = sqlite.prepare(`SELECT max(id) AS n FROM ${table}`).get() as { n: number | null };
  return `${owner.engine.id}:${table}:${row.n ?? 0}`;
}

/**
 * The mark of a count that reads tables whose triggers keep change marks (migration 0230): it
 * moves only when a row the count reads changes, on any connection. PostgreSQL has no such
 * marks; its change mark moves on every write, by any desktop.
 */
export async function changeMarkOf(
  owner: { engine: Engine },
  ...names: ('customers' | 'frozen' | 'refunds')[]
): Promise<string> {
  const sqlite = owner.engine.sqlite;
  if (!sqlite) return owner.engine.changeMark();
  const marks = sqlite
    .prepare(`SELECT name, n FROM change_marks WHERE name IN (${names.map(() => '?').join(', ')}) ORDER BY name`)
    .all(...names) as { name: string; n: number }[];
  return `${owner.engine.id}:${marks.map((m) => `${m.name}=${m.n}`).join(',')}`;
}
