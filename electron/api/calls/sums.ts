import { sql, type RawBuilder } from 'kysely';
import type { ContactCategory, ContactChannel } from '../../../shared/domain/catalog';
import { LIVE_CHANNELS, type CallSettings, type ContactSums } from '../../../shared/domain/contact-kpis';

/**
 * The rollup columns a KPI needs, reduced to the configured thresholds. Queries also group
 * by channel and the live-channel sums are folded in JS: plain sum() columns keep the scan
 * cheap, where a CASE per column costs several times as much per rollup row.
 */
export function measureColumns(s: CallSettings): RawBuilder<unknown> {
  const short =
    { 0: '0', 3: 'abandoned_under_3s', 5: 'short_abandoned', 10: 'abandoned_under_10s', 15: 'abandoned_under_15s' }[
      s.shortAbandonSeconds
    ] ?? 'short_abandoned';
  return sql.raw(
    [
      'sum(contacts) AS offered',
      'sum(answered) AS handled',
      'sum(handle_seconds) AS handle_seconds',
      'sum(resolved) AS resolved',
      'sum(escalated) AS escalated',
      `sum(answered_within_${s.serviceLevelSeconds}s) AS within_target`,
      'sum(answered_queue_seconds) AS answered_queue_seconds',
      'sum(abandoned) AS abandoned',
      `sum(${short}) AS short_abandoned`,
      'sum(callbacks) AS callbacks',
    ].join(', '),
  );
}

export interface MeasureRow {
  channel: string;
  offered: number;
  handled: number;
  handle_seconds: number;
  resolved: number;
  escalated: number;
  within_target: number;
  answered_queue_seconds: number;
  abandoned: number;
  short_abandoned: number;
  callbacks: number;
}

const live = new Set<string>(LIVE_CHANNELS);

/** Adds one (…, channel) measure row into KPI sums. */
export function addMeasures(into: ContactSums, r: MeasureRow): ContactSums {
  into.offered += r.offered;
  into.handled += r.handled;
  into.handleSeconds += r.handle_seconds;
  into.resolved += r.resolved;
  into.escalated += r.escalated;
  if (live.has(r.channel)) {
    into.liveOffered += r.offered;
    into.liveAnswered += r.handled;
    into.liveWithinTarget += r.within_target;
    into.liveAnsweredQueueSeconds += r.answered_queue_seconds;
    into.liveAbandoned += r.abandoned;
    into.liveShortAbandoned += r.short_abandoned;
    into.liveCallbacks += r.callbacks;
  }
  return into;
}

/** `AND channel IN (…) AND category IN (…)` for the dashboard's filters (empty list = all). */
export function dimensionFilter(channels: ContactChannel[], categories: ContactCategory[]) {
  const parts: RawBuilder<unknown>[] = [];
  if (channels.length) parts.push(sql`AND channel IN (${sql.join(channels)})`);
  if (categories.length) parts.push(sql`AND category IN (${sql.join(categories)})`);
  return parts.length ? sql.join(parts, sql` `) : sql``;
}
