import { sql, type RawBuilder } from 'kysely';
import type { ContactCategory, ContactChannel } from '../../shared/domain/catalog';
import {
  LIVE_CHANNELS,
  SUM_KEYS,
  emptySums,
  type CallSettings,
  type ContactSums,
} from '../../shared/domain/contact-kpis';

const LIVE = `channel IN (${LIVE_CHANNELS.map((c) => `'${c}'`).join(', ')})`;

/**
 * The KPI sums over rollup rows, reduced to the configured thresholds, as SQL columns
 * named after ContactSums. Live-channel sums are CASE columns, so every dashboard query
 * groups by its time key alone and returns one row per interval: JS handles hundreds of
 * rows, never the hundreds of thousands the rollups hold.
 */
export function measureColumns(s: CallSettings): RawBuilder<unknown> {
  const short =
    { 0: '0', 3: 'abandoned_under_3s', 5: 'short_abandoned', 10: 'abandoned_under_10s', 15: 'abandoned_under_15s' }[
      s.shortAbandonSeconds
    ] ?? 'short_abandoned';
  const live = (col: string) => `sum(CASE WHEN ${LIVE} THEN ${col} ELSE 0 END)`;
  const cols: Record<keyof ContactSums, string> = {
    offered: 'sum(contacts)',
    handled: 'sum(answered)',
    handleSeconds: 'sum(handle_seconds)',
    resolved: 'sum(resolved)',
    escalated: 'sum(escalated)',
    liveOffered: live('contacts'),
    liveAnswered: live('answered'),
    liveWithinTarget: live(`answered_within_${s.serviceLevelSeconds}s`),
    liveAnsweredQueueSeconds: live('answered_queue_seconds'),
    liveAbandoned: live('abandoned'),
    liveShortAbandoned: live(short),
    liveCallbacks: live('callbacks'),
  };
  return sql.raw(SUM_KEYS.map((k) => `${cols[k]} AS "${k}"`).join(', '));
}

/** Volume pivoted per stack key (`s0`, `s1`, …), so a stacked series needs no extra GROUP BY column. */
export function stackColumns(column: 'channel' | 'category', keys: readonly string[]): RawBuilder<unknown> {
  if (keys.length === 0) return sql`0 AS s_none`;
  return sql.join(
    keys.map((k, i) => sql`sum(CASE WHEN ${sql.ref(column)} = ${k} THEN contacts ELSE 0 END) AS ${sql.ref(`s${i}`)}`),
  );
}

export type SumsRow = { [K in keyof ContactSums]: number | null };

/** A measure row (sum() of no rows is NULL) as KPI sums. */
export function sumsOf(row: SumsRow | undefined): ContactSums {
  const out = emptySums();
  if (row) for (const k of SUM_KEYS) out[k] = row[k] ?? 0;
  return out;
}

/** `AND channel IN (…) AND category IN (…)` for the dashboard's filters (empty list = all). */
export function dimensionFilter(channels: ContactChannel[], categories: ContactCategory[]) {
  const parts: RawBuilder<unknown>[] = [];
  if (channels.length) parts.push(sql`AND channel IN (${sql.join(channels)})`);
  if (categories.length) parts.push(sql`AND category IN (${sql.join(categories)})`);
  return parts.length ? sql.join(parts, sql` `) : sql``;
}
