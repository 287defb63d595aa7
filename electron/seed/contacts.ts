import type Database from 'better-sqlite3';
import {
  CONTACT_CATEGORIES,
  type ContactCategory,
  type ContactChannel,
  type ContactOutcome,
} from '../../shared/domain/catalog';
import { RollupAccumulator } from '../db/rollups/accumulator';
import type { ContactFacts } from '../db/rollups/counters';
import type { Random } from './random';
import type { LoadShape, Roster } from './operators';
import { MultiRowInsert } from './multi-row';

export interface ContactLink {
  caseNo: number;
  accountId: number;
  at: number;
}

export interface ContactOptions {
  rng: Random;
  total: number;
  anchor: number;
  seed: number;
  accounts: number;
  /** Who answers: an agent on shift at the time. */
  roster: Roster;
  /** Open freeze cases: each gets two calls about the freeze. */
  caseLinks: ContactLink[];
  batch: number;
  onProgress: (done: number, total: number) => void;
}

const DAYS = 90;
const BUCKET = 15 * 60_000;
/** The demo's shapes are drawn in China Standard Time (UTC+8, no DST), where the wallet's customers live. */
const SHAPE_OFFSET_HOURS = 8;
/** Days before the anchor of the incident (moved back to a weekday): a spike in payment-failure calls. */
const INCIDENT_DAY = 23;
/** The incident triples volume from 10:00 to 16:00 local time: the busiest day of the period. */
const INCIDENT_LOAD = 3;

/** The local (UTC+8) date of the incident, a weekday, as "YYYY-MM-DD". */
function incidentDate(anchor: number): string {
  const day = new Date(anchor - INCIDENT_DAY * 86_400_000 + SHAPE_OFFSET_HOURS * 3_600_000);
  const weekday = day.getUTCDay();
  const back = weekday === 0 ? 2 : weekday === 6 ? 1 : 0;
  return new Date(day.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

// Relative volume by local hour: a morning peak at 10–11 and an evening peak at 20–21.
const HOURLY = [
  0.15, 0.08, 0.05, 0.04, 0.04, 0.08, 0.25, 0.55, 0.95, 1.3, 1.55, 1.45, 1.1, 1.2, 1.3, 1.25, 1.15, 1.05, 1.0, 1.2, 1.5,
  1.45, 0.9, 0.4,
];
const WEEKDAY = [0.62, 1.05, 1.0, 0.98, 1.0, 1.08, 0.7]; // Sunday first

const CHANNEL_MIX: [ContactChannel, number][] = [
  ['phone', 55],
  ['chat', 30],
  ['email', 10],
  ['social', 5],
];
const LIVE_SHARE = 0.85; // phone and chat

/**
 * The expected live contacts of a half hour, by local hour and weekday, when `total`
 * contacts are spread over the period with the shapes above: what the roster is sized for.
 */
export function liveLoad(total: number): LoadShape {
  let weekSum = 0;
  for (const d of WEEKDAY) for (const h of HOURLY) weekSum += d * h;
  // Four 15-minute buckets an hour, DAYS / 7 weeks; the bucket jitter averages 1.
  const perWeight = total / ((weekSum * 4 * DAYS) / 7);
  return (hour, weekday) => 2 * HOURLY[hour] * WEEKDAY[weekday] * perWeight * LIVE_SHARE;
}
const CATEGORY_WEIGHTS: Record<ContactCategory, number> = {
  registration: 6,
  payment_failure: 16,
  account_security: 7,
  refund: 12,
  password_reset: 9,
  fees: 5,
  top_up: 7,
  withdrawal: 8,
  frozen_account: 8,
  account_closure: 3,
  fraud_report: 4,
  complaint: 6,
  other: 9,
};

/**
 * Ninety days of contacts with daily, weekly and hourly shape, plus the calls
 * about open freeze cases. Rollup rows are accumulated as contacts are made and
 * written in the same batches.
 */
export function generateContacts(sqlite: Database.Database, o: ContactOptions): number {
  const { rng } = o;
  const start = o.anchor - DAYS * 86_400_000;
  const buckets = Math.floor((o.anchor - start) / BUCKET);
  const weights: number[] = [];
  let weightSum = 0;
  for (let b = 0; b < buckets; b++) {
    const local = new Date(start + b * BUCKET + SHAPE_OFFSET_HOURS * 3_600_000);
    const w = HOURLY[local.getUTCHours()] * WEEKDAY[local.getUTCDay()] * (0.9 + 0.2 * rng.next());
    weights.push(w);
    weightSum += w;
  }
  const incident = incidentDate(o.anchor);
  const rows = new MultiRowInsert(
    sqlite,
    `INSERT INTO contacts (external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, hold_seconds,
       acw_seconds, agent_id, account_id, case_id, source) VALUES`,
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo')",
  );
  const rollup = new RollupAccumulator();
  const categoriesNormal = CONTACT_CATEGORIES.map((c) => [c, CATEGORY_WEIGHTS[c]] as const);
  const categoriesIncident = CONTACT_CATEGORIES.map(
    (c) => [c, CATEGORY_WEIGHTS[c] * (c === 'payment_failure' ? 12 : 1)] as const,
  );
  let made = 0;
  let sinceCommit = 0;
  const write = (
    at: number,
    channel: ContactChannel,
    category: ContactCategory,
    accountId: number | null,
    caseId: number | null,
    load: number,
    surge = false,
  ) => {
    const facts = contactFacts(rng, channel, category, load);
    made++;
    rows.add([
      `DEMO-${o.seed}-${made}`,
      channel,
      category,
      facts.outcome,
      new Date(at).toISOString(),
      facts.queueSeconds,
      facts.talkSeconds,
      facts.holdSeconds,
      facts.acwSeconds,
      facts.outcome === 'abandoned' ? null : o.roster.agentAt(rng, at, surge),
      accountId,
      caseId,
    ]);
    rollup.add(at, channel, category, facts);
    if (++sinceCommit >= o.batch) {
      rows.flush();
      rollup.flush(sqlite);
      sqlite.exec('COMMIT');
      o.onProgress(made, o.total);
      sqlite.exec('BEGIN');
      sinceCommit = 0;
    }
  };

  sqlite.exec('BEGIN');
  const perWeight = o.total / weightSum;
  let carry = 0;
  for (let b = 0; b < buckets; b++) {
    const local = new Date(start + b * BUCKET + SHAPE_OFFSET_HOURS * 3_600_000).toISOString();
    const hour = Number(local.slice(11, 13));
    const spiking = local.startsWith(incident) && hour >= 10 && hour < 16;
    const expected = weights[b] * perWeight * (spiking ? INCIDENT_LOAD : 1) + carry;
    const n = Math.floor(expected);
    carry = expected - n;
    const load = weights[b] / (weightSum / buckets);
    for (let i = 0; i < n; i++) {
      const at = start + b * BUCKET + Math.floor(rng.next() * BUCKET);
      const category = rng.weighted(spiking ? categoriesIncident : categoriesNormal);
      const accountId = rng.chance(0.6) ? rng.int(1, o.accounts) : null;
      // The incident calls the shift's resting agents in.
      write(at, rng.weighted(CHANNEL_MIX), category, accountId, null, spiking ? load * 2 : load, spiking);
    }
  }
  // Two calls about each case still being worked, between the freeze and the anchor.
  for (const link of o.caseLinks) {
    for (let k = 1; k <= 2; k++) {
      const at = link.at + Math.floor(rng.next() * (o.anchor - 60_000 - link.at));
      write(at, 'phone', 'frozen_account', link.accountId, link.caseNo, 1);
    }
  }
  rows.flush();
  rollup.flush(sqlite);
  sqlite.exec('COMMIT');
  o.onProgress(made, o.total);
  return made;
}

/** Wait, talk and outcome for one contact; waits grow with load, long waits abandon. */
function contactFacts(rng: Random, channel: ContactChannel, category: ContactCategory, load: number): ContactFacts {
  const live = channel === 'phone' || channel === 'chat';
  const queueSeconds = live ? Math.round(rng.exp(14 * Math.max(0.5, load) ** 2)) : Math.round(rng.exp(3600 * 4));
  const patience = rng.exp(110);
  let outcome: ContactOutcome;
  if (live && queueSeconds > patience) outcome = 'abandoned';
  else
    outcome = rng.weighted([
      ['resolved', category === 'complaint' || category === 'fraud_report' ? 60 : 84],
      ['escalated', category === 'complaint' || category === 'fraud_report' ? 28 : 8],
      ['callback', 5],
    ] as const);
  const abandoned = outcome === 'abandoned';
  const talk = abandoned
    ? 0
    : Math.round(60 + rng.exp(category === 'frozen_account' || category === 'complaint' ? 360 : 210));
  return {
    outcome,
    queueSeconds: abandoned ? Math.round(Math.min(queueSeconds, patience)) : queueSeconds,
    talkSeconds: talk,
    holdSeconds: abandoned || !rng.chance(0.25) ? 0 : Math.round(rng.exp(45)),
    acwSeconds: abandoned ? 0 : Math.round(15 + rng.exp(30)),
  };
}
