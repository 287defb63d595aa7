import type Database from 'better-sqlite3';
import {
  CONTACT_CATEGORIES,
  type ContactCategory,
  type ContactChannel,
  type ContactOutcome,
} from '../../shared/domain/catalog';
import type { RollupAccumulator } from '../db/rollups/accumulator';
import type { ContactFacts } from '../db/rollups/counters';
import { Random } from './random';
import type { LoadShape, Roster } from './operators';
import { MultiRowInsert } from './multi-row';

export interface ContactLink {
  caseNo: number;
  accountId: number;
  at: number;
}

export interface ContactOptions {
  total: number;
  anchor: number;
  seed: number;
  accounts: number;
  /** Who answers: an agent on shift at the time. */
  roster: Roster;
  batch: number;
  /** After each batch of `batch` contacts, with their rows written and their rollup rows added. */
  onBatch: (made: number) => void;
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
 * The stream the hotline's ninety days are drawn from: their own, not the customers', so the
 * contacts come out the same whether they are made on this thread or on a second one
 * (contacts-thread.ts) while the customers are written.
 */
function contactsRandom(seed: number): Random {
  return new Random(seed * 9_973 + 11);
}

/**
 * Ninety days of contacts with daily, weekly and hourly shape, into `sqlite`'s contacts
 * table, in their own transactions of `o.batch`; their rollup counters are added to
 * `rollup`, which the caller writes. Returns how many were made: the next contact is one more.
 */
export function generateContacts(sqlite: Database.Database, o: ContactOptions, rollup: RollupAccumulator): number {
  const rng = contactsRandom(o.seed);
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
  const writer = new ContactWriter(sqlite, { rng, seed: o.seed, roster: o.roster, rollup, after: 0 });
  const categoriesNormal = CONTACT_CATEGORIES.map((c) => [c, CATEGORY_WEIGHTS[c]] as const);
  const categoriesIncident = CONTACT_CATEGORIES.map(
    (c) => [c, CATEGORY_WEIGHTS[c] * (c === 'payment_failure' ? 12 : 1)] as const,
  );
  const perWeight = o.total / weightSum;
  let carry = 0;
  sqlite.exec('BEGIN');
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
      writer.write(at, rng.weighted(CHANNEL_MIX), category, accountId, null, spiking ? load * 2 : load, spiking);
      if (writer.made % o.batch === 0) {
        writer.flush();
        o.onBatch(writer.made);
        sqlite.exec('COMMIT');
        sqlite.exec('BEGIN');
      }
    }
  }
  writer.flush();
  o.onBatch(writer.made);
  sqlite.exec('COMMIT');
  return writer.made;
}

/**
 * Two calls about each freeze case still being worked, between the freeze and the anchor,
 * numbered after the `after` contacts already made; in the caller's transaction. Drawn from
 * the customers' stream (`rng`), once the cases exist.
 */
export function writeCaseContacts(
  sqlite: Database.Database,
  o: { rng: Random; anchor: number; seed: number; roster: Roster; caseLinks: ContactLink[]; after: number },
  rollup: RollupAccumulator,
): number {
  const writer = new ContactWriter(sqlite, { ...o, rollup });
  for (const link of o.caseLinks) {
    for (let k = 1; k <= 2; k++) {
      const at = link.at + Math.floor(o.rng.next() * (o.anchor - 60_000 - link.at));
      writer.write(at, 'phone', 'frozen_account', link.accountId, link.caseNo, 1);
    }
  }
  writer.flush();
  return writer.made - o.after;
}

/** The columns a generated contact fills: the console's table, and the side file's (contacts-thread.ts). */
export const CONTACT_COLUMNS =
  'external_id, channel, category, outcome, started_at, queue_seconds, talk_seconds, hold_seconds, acw_seconds, agent_id, account_id, case_id, source';

/** Makes each contact's facts, writes its row (gathered into multi-row inserts) and counts it into `rollup`. */
class ContactWriter {
  private readonly rows: MultiRowInsert;
  made: number;

  constructor(
    sqlite: Database.Database,
    private readonly o: { rng: Random; seed: number; roster: Roster; rollup: RollupAccumulator; after: number },
  ) {
    this.rows = new MultiRowInsert(
      sqlite,
      `INSERT INTO contacts (${CONTACT_COLUMNS}) VALUES`,
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo')",
    );
    this.made = o.after;
  }

  write(
    at: number,
    channel: ContactChannel,
    category: ContactCategory,
    accountId: number | null,
    caseId: number | null,
    load: number,
    surge = false,
  ): void {
    const { rng } = this.o;
    const facts = contactFacts(rng, channel, category, load);
    this.made++;
    this.rows.add([
      `DEMO-${this.o.seed}-${this.made}`,
      channel,
      category,
      facts.outcome,
      new Date(at).toISOString(),
      facts.queueSeconds,
      facts.talkSeconds,
      facts.holdSeconds,
      facts.acwSeconds,
      facts.outcome === 'abandoned' ? null : this.o.roster.agentAt(rng, at, surge),
      accountId,
      caseId,
    ]);
    this.o.rollup.add(at, channel, category, facts);
  }

  flush(): void {
    this.rows.flush();
  }
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
