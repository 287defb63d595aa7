import type Database from 'better-sqlite3';
import type { FreezeReason, RefundReason } from '../../shared/domain/catalog';
import { FREEZE_RULES, refundMovement } from '../../shared/domain/freeze';
import { generateContacts, liveLoad, type ContactLink } from './contacts';
import { businessMonth, seedFeeSchedule } from './fees';
import { CaseWriter, payoutTxnNo } from './frozen';
import { HISTORY_CASES_PER_CUSTOMER, writeHistoryCases } from './frozen-history';
import { CasePlanner, evidenceFor, transferBurst, type CasePlan } from './frozen-plan';
import { AuditJournal } from './journal';
import { DEMO_LIMITS, seedOperators } from './operators';
import { PHONE_PREFIXES, GIVEN, SURNAMES } from './names';
import { Random } from './random';
import { RefundWriter, seedLargePayments, type LargePayment, type RefundOutcome } from './refunds';
import { ServiceCaseSeeder } from './service-cases';
import { customerHistory, transactionWriter, type SeedTxn } from './transactions';

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
const DAY = 24 * HOUR;
const BATCH = 20_000;
/** Share of the recent freeze cases still being worked at the anchor. */
const ACTIVE_CASE_SHARE = 0.6;
const LARGE_PAYMENTS = 100;

const REFUND_REASONS: [RefundReason, number][] = [
  ['requested_by_customer', 45],
  ['product_not_received', 25],
  ['duplicate', 15],
  ['fraudulent', 8],
  ['other', 7],
];

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
  const pricing = { rules, monthOf: businessMonth(sqlite) };
  const world = { sqlite, journal, roster, rng, anchor };
  const cases = new CaseWriter(world);
  const refunds = new RefundWriter(world);
  const planner = new CasePlanner(rng, anchor);

  const insertCustomer = sqlite.prepare(
    'INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertAccount = sqlite.prepare(
    "INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status) VALUES (?, ?, ?, 'CNY', ?, 'active')",
  );
  const credit = sqlite.prepare(
    'UPDATE accounts SET balance_minor = balance_minor + ?, version = version + 1 WHERE id = ?',
  );
  const writeTxn = transactionWriter(sqlite);

  const avgTx = size.transactions / size.customers;
  // By the scale's own size, so a reduced run keeps the scale's shape.
  const freezeChance = Math.min(0.05, 1_500 / SCALES[opts.scale].customers + 0.004);
  let txnId = 0;
  const nextId = () => ++txnId;
  let caseCount = 0;
  const caseLinks: ContactLink[] = [];
  sqlite.exec('BEGIN');
  for (let c = 1; c <= size.customers; c++) {
    const [sZh, sEn] = rng.pick(SURNAMES);
    const [gZh, gEn] = rng.pick(GIVEN);
    const phone = `${rng.pick(PHONE_PREFIXES)}${String((c * 7_919 + opts.seed) % 100_000_000).padStart(8, '0')}`;
    const idTail = rng.chance(0.08) ? `${rng.int(100, 999)}X` : String(rng.int(1000, 9999));
    const segment = rng.weighted([
      ['standard', 85],
      ['premium', 12],
      ['merchant', 3],
    ] as const);
    const registered = anchor - rng.int(30, 1100) * DAY - rng.int(0, DAY);
    const kyc = rng.weighted([
      [1, 20],
      [2, 60],
      [3, 20],
    ] as const);
    insertCustomer.run(c, sZh + gZh, `${gEn} ${sEn}`, phone, idTail, kyc, segment, iso(registered));

    // A freeze is planned before the history, which keeps still while the account is frozen.
    let plan: CasePlan | null = rng.chance(freezeChance) ? planner.plan(ACTIVE_CASE_SHARE) : null;
    if (plan && plan.frozenAt - 4 * HOUR < registered) plan = null;
    const forced = plan?.reason === 'frequent_transfers' ? transferBurst(rng, plan.frozenAt) : [];
    const remaining = size.transactions - txnId;
    const count =
      c === size.customers ? remaining : Math.min(remaining, rng.int(1, Math.max(1, Math.round(2 * avgTx - 1))));
    const history = customerHistory(pricing, {
      rng,
      anchor,
      registeredAt: registered,
      segment,
      count,
      quiet: plan ? { from: Math.min(plan.frozenAt, ...forced.map((f) => f.at)), to: plan.frozenUntil } : null,
      forced,
      nextId,
    });
    insertAccount.run(c, `62${String(c).padStart(10, '0')}`, c, history.balance);
    for (const t of history.txns) writeTxn(c, t);

    // Refund requests against this customer's settled payments (none on an account about to close).
    const closing = plan?.outcome === 'closed' || plan?.outcome === 'awaiting_close';
    let credited = 0;
    if (!closing) {
      for (const t of history.txns) {
        if (t.operation !== 'payment' || t.status !== 'settled' || !rng.chance(0.12)) continue;
        credited += requestRefunds(t, plan ? { from: plan.frozenAt, to: plan.frozenUntil, reason: plan.reason } : null);
      }
    }
    if (credited) credit.run(credited, c);

    if (plan) {
      const card =
        [...history.txns]
          .reverse()
          .find((t) => t.method.startsWith('bank_card:'))
          ?.method.slice(10) ?? null;
      // No verified card to pay the balance to: the account stays frozen instead of closing.
      if (closing && history.balance > 0 && !card) plan = keptFrozen(plan, anchor);
      const linked = history.txns.filter(
        (t) => t.operation === 'transfer' && t.at >= plan!.frozenAt - HOUR && t.at < plan!.frozenAt,
      );
      const caseNo = `FC${String(++caseCount).padStart(7, '0')}`;
      const { id } = cases.write(
        plan,
        {
          caseNo,
          accountId: c,
          accountStatus: 'active',
          balance: history.balance + credited,
          card,
          evidence: evidenceFor(plan.reason, rng, linked),
          linked: linked.map((t) => t.id),
        },
        (at, amount) => {
          const payout: SeedTxn = {
            id: nextId(),
            operation: 'withdrawal',
            channel: 'bank',
            amount,
            fee: 0, // a return of the customer's own funds, as frozen:payout makes it
            status: 'settled',
            at,
            merchant: null,
            method: 'balance',
            counterparty: `bank_card:${card}`,
            settledAt: at,
          };
          const txnNo = payoutTxnNo(caseNo, at);
          writeTxn(c, payout, txnNo);
          return { txnNo };
        },
      );
      if (plan.frozenUntil === Infinity && plan.outcome !== 'closed' && plan.outcome !== 'kept_frozen') {
        caseLinks.push({ caseNo: id, accountId: c, at: plan.frozenAt });
      }
    }
    if (c % 2_000 === 0) {
      sqlite.exec('COMMIT');
      progress('customers', c, size.customers);
      sqlite.exec('BEGIN');
    }
  }
  sqlite.exec('COMMIT');
  progress('customers', size.customers, size.customers);

  /** One or two requests on a settled payment; returns what was paid back to the wallet balance. */
  function requestRefunds(t: SeedTxn, frozen: FreezeWindow | null): number {
    const made: (RefundOutcome & { amount: number })[] = [];
    let at = t.at;
    let credit = 0;
    for (let r = 0, requests = rng.chance(0.15) ? 2 : 1; r < requests; r++) {
      at += rng.int(1, 20) * HOUR * (rng.chance(0.5) ? 1 : 24);
      if (at >= anchor - 60_000 || refusedUnderFreeze(t.method, frozen, at)) break;
      // What is left to refund at that moment: paid and still-held requests count, released ones not.
      const room = t.amount - made.filter((m) => m.releasedAt > at).reduce((s, m) => s + m.amount, 0);
      if (room <= 0) break;
      const amount = rng.chance(0.6) ? room : Math.max(1, Math.floor((room * rng.int(10, 90)) / 100));
      const outcome = refunds.write({
        transactionId: t.id,
        paymentMethod: t.method,
        settledAt: t.at + 1_000,
        amount,
        type: rng.chance(0.35) ? 'merchant' : 'customer',
        reason: rng.weighted(REFUND_REASONS),
        requestedAt: at,
        frozen: frozen && { from: frozen.from, to: frozen.to },
      });
      made.push({ ...outcome, amount });
      if (outcome.paidAt !== null && t.method === 'balance') credit += amount;
    }
    return credit;
  }

  const historyCases = writeHistoryCases(sqlite, {
    writer: cases,
    rng: new Random(opts.seed * 31 + 7),
    anchor,
    count: Math.round(HISTORY_CASES_PER_CUSTOMER[opts.scale] * size.customers),
    batch: BATCH,
  });

  const contacts = generateContacts(sqlite, {
    rng,
    total: size.contacts,
    anchor,
    seed: opts.seed,
    accounts: size.customers,
    roster,
    caseLinks,
    batch: BATCH,
    onProgress: (done, total) => progress('contacts', done, total),
  });

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
    freezeCases: caseCount + historyCases,
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

/** When an account was frozen, [from, to) with to = Infinity while it still is, and why. */
interface FreezeWindow {
  from: number;
  to: number;
  reason: FreezeReason;
}

/**
 * Whether the app would refuse a refund request at `at` on a payment made with `method`:
 * the freeze holding the account then blocks that refund (FREEZE_RULES; a judicial freeze
 * blocks a refund to the card that paid, and migration 0120's trigger refuses its insert).
 */
function refusedUnderFreeze(method: string, frozen: FreezeWindow | null, at: number): boolean {
  if (!frozen || FREEZE_RULES[frozen.reason].effects[refundMovement(method)] !== 'blocked') return false;
  return frozen.to === Infinity || (at >= frozen.from && at < frozen.to);
}

/**
 * A closure that cannot happen (no verified card for the balance): a decided case is kept
 * frozen for review instead, one still being worked stays in review.
 */
function keptFrozen(plan: CasePlan, anchor: number): CasePlan {
  const decided = plan.outcome === 'closed';
  return {
    ...plan,
    outcome: decided ? 'kept_frozen' : 'in_review',
    payoutAt: null,
    approveAt: null,
    decideAt: decided ? plan.decideAt : null,
    reviewAt: decided ? anchor + 7 * DAY : null,
    frozenUntil: Infinity,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
