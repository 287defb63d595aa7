import type { ContactOutcome } from '../../../shared/domain/catalog';

export interface ContactFacts {
  outcome: ContactOutcome;
  queueSeconds: number;
  talkSeconds: number;
  holdSeconds: number;
  acwSeconds: number;
}

export const BUCKET_MS = 15 * 60_000;
/** The default short-abandon cut-off (docs/domain.md, "Contacts and call volumes"); settings may pick another counted threshold. */
export const SHORT_ABANDON_SECONDS = 5;

/** The UTC start of the 15-minute bucket holding an instant. */
export function bucketOf(ms: number): string {
  return new Date(Math.floor(ms / BUCKET_MS) * BUCKET_MS).toISOString();
}

/** Every rollup level's counter columns, in the order countersOf() fills them (migration 0050). */
export const ROLLUP_COUNTERS = [
  'contacts',
  'answered',
  'answered_within_10s',
  'answered_within_15s',
  'answered_within_20s',
  'answered_within_30s',
  'answered_within_45s',
  'answered_within_60s',
  'abandoned',
  'short_abandoned',
  'abandoned_under_3s',
  'abandoned_under_10s',
  'abandoned_under_15s',
  'callbacks',
  'resolved',
  'escalated',
  'queue_seconds',
  'answered_queue_seconds',
  'handle_seconds',
] as const;
export type RollupCounter = (typeof ROLLUP_COUNTERS)[number];
export type Counters = number[];

const WITHIN = [10, 15, 20, 30, 45, 60];

/** Adds one contact to a counter vector (same order as ROLLUP_COUNTERS). */
export function addContact(c: Counters, f: ContactFacts): void {
  const answered = f.outcome !== 'abandoned';
  const q = f.queueSeconds;
  c[0]++;
  if (answered) {
    c[1]++;
    for (let i = 0; i < WITHIN.length; i++) if (q <= WITHIN[i]) c[2 + i]++;
    c[17] += q;
    c[18] += f.talkSeconds + f.holdSeconds + f.acwSeconds;
  } else {
    c[8]++;
    if (q < SHORT_ABANDON_SECONDS) c[9]++;
    if (q < 3) c[10]++;
    if (q < 10) c[11]++;
    if (q < 15) c[12]++;
  }
  if (f.outcome === 'callback') c[13]++;
  if (f.outcome === 'resolved') c[14]++;
  if (f.outcome === 'escalated') c[15]++;
  c[16] += q;
}

/**
 * The `ON CONFLICT … DO UPDATE` adding counters into an existing row. The target is named:
 * PostgreSQL finds a bare `contacts` ambiguous beside `excluded.contacts`.
 */
export function onConflictAddSql(table: string, keys: readonly string[]): string {
  return `ON CONFLICT (${keys.filter((k) => k !== 'weekday').join(', ')}) DO UPDATE SET
    ${ROLLUP_COUNTERS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;
}

/** `INSERT … ON CONFLICT DO UPDATE` adding counters into a rollup table with the given key columns. */
export function upsertSql(table: string, keys: readonly string[]): string {
  const cols = [...keys, ...ROLLUP_COUNTERS];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
    ${onConflictAddSql(table, keys)}`;
}
