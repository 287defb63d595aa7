import type Database from 'better-sqlite3';
import type { FreezeReason } from '../../shared/domain/catalog';
import { RollupAccumulator } from '../db/rollups/accumulator';
import { generateContacts, liveLoad, writeCaseContacts } from './contacts';
import { copySideContacts, startContactsThread } from './contacts-side';
import { CustomerSeeder, refusedUnderFreeze } from './customers';
import { businessMonth, seedFeeSchedule } from './fees';
import { CaseWriter } from './frozen';
import { HISTORY_CASES_PER_CUSTOMER, writeHistoryCases } from './frozen-history';
import { AuditJournal } from './journal';
import { DEMO_LIMITS, seedOperators } from './operators';
import { Random } from './random';
import { RefundWriter, seedLargePayments, type LargePayment } from './refunds';
import { ServiceCaseSeeder } from './service-cases';

export { DEMO_LIMITS, DEMO_OPERATORS } from './operators';

export type Scale = 'demo' | 'large' | 'huge';

export interface ScaleSize {
  customers: number;
  transactions: number;
  contacts: number;
}

export const SCALES: Record<Scale, ScaleSize> = {
  demo: { customers: 3_000, transactions: 30_000, contacts: 40_000 },
  large: { customers: 100_000, transactions: 1_000_000, contacts: 1_000_000 },
  huge: { customers: 1_000_000, transactions: 10_000_000, contacts: 10_000_000 },
};

export interface GenerateOptions {
  scale: Scale;
  seed: number;
  /** Row counts other than the scale's (tests run a `large`-shaped dataset at a tenth of its size). */
  size?: ScaleSize;
  /** The generated history ends here; defaults to now, rounded down to 15 minutes. */
  anchor?: Date;
  onProgress?: (stage: string, done: number, total: number) => void;
  /**
   * Make the contacts on a second thread while the customers are written, through a side file
   * beside the database (contacts-side.ts), from the TypeScript sources (npm run seed). The same
   * rows either way.
   */
  contactsThread?: boolean;
}

export interface GenerateSummary {
  customers: number;
  transactions: number;
  freezeCases: number;
  refunds: number;
  contacts: number;
  auditEvents: number;
  millis: number;
}

const HOUR = 3_600_000;
const BATCH = 20_000;
const LARGE_PAYMENTS = 100;

/**
 * Writes a complete, consistent demo dataset into a freshly migrated database: history the
 * app could have produced, made through the domain rules with the triggers on (see
 * electron/test/dataset-invariants.ts for what that means, checked at every scale).
 * Deterministic: the same seed and anchor give the same rows. Rows stream out in batched
 * transactions; rollups are filled as contacts are written; audit events are chained last.
 */
export async function generateDataset(sqlite: Database.Database, opts: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const size = opts.size ?? SCALES[opts.scale];
  const rng = new Random(opts.seed);
  const anchor = opts.anchor ? opts.anchor.getTime() : Math.floor(Date.now() / (15 * 60_000)) * 15 * 60_000;
  const progress = opts.onProgress ?? (() => {});

  // Rows arrive in customer order, so the time and amount indexes take random inserts:
  // a large page cache keeps those B-trees in memory while generating.
  const previousCache = sqlite.pragma('cache_size', { simple: true });
  sqlite.pragma('cache_size = -524288');
  const journal = new AuditJournal(sqlite);
  const roster = await seedOperators(sqlite, {
    anchor,
    rng: new Random(opts.seed * 131 + 3),
    load: liveLoad(size.contacts),
    journal,
  });
  const rules = seedFeeSchedule(
    sqlite,
    anchor,
    { author: roster.supervisorAt(rng, anchor), approver: roster.admin },
    journal,
  );
  const world = { sqlite, journal, roster, rng, anchor };
  const cases = new CaseWriter(world);
  const refunds = new RefundWriter(world);
  let historyCases = 0;
  const customers = new CustomerSeeder(
    world,
    {
      customers: size.customers,
      transactions: size.transactions,
      // By the scale's own size, so a reduced run keeps the scale's shape.
      freezeChance: Math.min(0.05, 1_500 / SCALES[opts.scale].customers + 0.004),
      seed: opts.seed,
      pricing: { rules, monthOf: businessMonth(sqlite) },
    },
    cases,
    refunds,
  );
  const contactPlan = {
    total: size.contacts,
    anchor,
    seed: opts.seed,
    accounts: size.customers,
    roster,
    batch: BATCH,
  };
  const thread = opts.contactsThread && !sqlite.memory ? startContactsThread(sqlite.name, contactPlan) : null;
  const rollup = new RollupAccumulator();
  let contacts: number;
  try {
    customers.writeAll((done, total) => progress('customers', done, total));
    historyCases = writeHistoryCases(sqlite, {
      writer: cases,
      rng: new Random(opts.seed * 31 + 7),
      anchor,
      count: Math.round(HISTORY_CASES_PER_CUSTOMER[opts.scale] * size.customers),
      batch: BATCH,
    });
    const onProgress = (done: number, total: number) => progress('contacts', done, total);
    contacts = thread
      ? await copySideContacts(sqlite, thread, { batch: 5 * BATCH, rollup, onProgress })
      : generateContacts(
          sqlite,
          {
            ...contactPlan,
            onBatch: (made) => {
              rollup.flush(sqlite);
              onProgress(made, size.contacts);
            },
          },
          rollup,
        );
  } finally {
    thread?.stop();
  }
  // The calls about the freeze cases still being worked, once the cases exist; then every rollup row.
  sqlite.transaction(() => {
    contacts += writeCaseContacts(
      sqlite,
      { rng, anchor, seed: opts.seed, roster, caseLinks: customers.caseLinks, after: contacts },
      rollup,
    );
    rollup.flush(sqlite);
  })();
  let txnId = customers.transactions;

  const large = seedLargePayments(sqlite, {
    rng: new Random(opts.seed * 7_919 + 17),
    anchor,
    firstId: txnId + 1,
    accounts: size.customers,
    count: LARGE_PAYMENTS,
  });
  txnId += large.length;
  sqlite.transaction(() => requestLargeRefunds(sqlite, refunds, large, anchor, new Random(opts.seed * 53 + 1)))();
  // The hotline's service cases, once the customers, their money and their freezes exist.
  sqlite.transaction(() => new ServiceCaseSeeder(world, opts.seed).write())();

  sqlite.transaction(() => {
    sqlite.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', 'true')").run();
    journal.add(
      { at: anchor, operatorId: null, role: null },
      {
        action: 'demo.seeded',
        entityType: 'database',
        entityId: null,
        after: { scale: opts.scale, seed: opts.seed, customers: size.customers, transactions: txnId, contacts },
      },
    );
  })();
  progress('audit', 0, journal.size);
  const auditEvents = journal.flush();
  progress('audit', auditEvents, auditEvents);

  sqlite.pragma(`cache_size = ${previousCache}`);
  return {
    customers: size.customers,
    transactions: txnId,
    freezeCases: customers.freezeCases + historyCases,
    refunds: refunds.written,
    contacts,
    auditEvents,
    millis: Math.round(performance.now() - started),
  };
}

/**
 * Refund requests on the big card payments. In each band above an approval limit, a few
 * full refunds asked in the last hours wait for their first decision, and two an agent
 * escalated this morning wait for a supervisor's second approval (four-eyes on its own);
 * a quarter of the rest were asked days ago and went through the queue.
 */
function requestLargeRefunds(
  sqlite: Database.Database,
  refunds: RefundWriter,
  large: LargePayment[],
  anchor: number,
  rng: Random,
) {
  const window = sqlite.prepare(
    `SELECT frozen_at, reason, CASE WHEN status = 'unfrozen' THEN decided_at END AS until FROM freeze_cases
     WHERE account_id = ? ORDER BY frozen_at DESC LIMIT 1`,
  );
  const agentLimit = DEMO_LIMITS.find((l) => l.role === 'agent')!.maxMinor;
  const highest = Math.max(...DEMO_LIMITS.map((l) => l.maxMinor));
  const queued = { mid: 0, top: 0 };
  for (const p of large) {
    const band = p.amount > highest ? 'top' : p.amount > agentLimit ? 'mid' : null;
    const place = band === null ? QUEUE_PLACES.length : queued[band]++;
    const queue = QUEUE_PLACES[place];
    if (!queue && !rng.chance(0.25)) continue;
    const requestedAt =
      queue === 'first'
        ? anchor - rng.int(30, 240) * 60_000 // younger than any first decision takes
        : queue === 'second'
          ? anchor - rng.int(6 * 60, 20 * 60) * 60_000
          : p.at + rng.int(1, 72) * HOUR;
    if (requestedAt >= anchor - 60_000) continue;
    const row = window.get(p.accountId) as
      { frozen_at: string; reason: FreezeReason; until: string | null } | undefined;
    const w = row && {
      from: Date.parse(row.frozen_at),
      to: row.until ? Date.parse(row.until) : Infinity,
      reason: row.reason,
    };
    if (refusedUnderFreeze(p.method, w ?? null, requestedAt)) continue;
    refunds.write({
      transactionId: p.id,
      paymentMethod: p.method,
      settledAt: p.at + 1_000,
      amount: queue || rng.chance(0.5) ? p.amount : Math.floor(p.amount / 2),
      type: 'customer',
      reason: rng.pick(['product_not_received', 'requested_by_customer', 'duplicate'] as const),
      requestedAt,
      frozen: w ? { from: w.from, to: w.to } : null,
      ...(queue === 'second'
        ? {
            schedule: {
              firstAt: requestedAt + rng.int(60, 240) * 60_000,
              secondAt: anchor + HOUR,
              byAgent: true as const,
            },
          }
        : {}),
    });
  }
}

/** Where the first big payments of each band wait at the anchor: three for a first decision, two for a second. */
const QUEUE_PLACES = ['first', 'first', 'first', 'second', 'second'] as const;
